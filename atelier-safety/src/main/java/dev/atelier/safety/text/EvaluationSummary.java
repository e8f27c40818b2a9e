package dev.atelier.safety.text;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What {@link TextEvaluation} measured.
 *
 * @param classifier  the classifier's {@link TextClassifier#describe()}
 * @param prompts     number of prompts in the set
 * @param all         the whole set
 * @param test        the held-out split (the lexicon was tuned looking at the dev split only)
 * @param rows        per split, category, language group and obfuscation kind
 * @param p50Micros   median analyze() time, microseconds
 * @param p99Micros   99th percentile analyze() time, microseconds
 * @param p50CpuMicros median CPU time of the calling thread per analyze(), microseconds
 * @param p99CpuMicros 99th percentile of that CPU time, microseconds
 * @param misses      the prompts the goal counts as wrong, one line each, for the report
 */
public record EvaluationSummary(String classifier, int prompts, Row all, Row test, List<Row> rows,
                                double p50Micros, double p99Micros, double p50CpuMicros, double p99CpuMicros,
                                List<String> misses) {
    public EvaluationSummary {
        rows = List.copyOf(rows);
        misses = List.copyOf(misses);
    }

    /**
     * One line of a table.
     *
     * @param harmful        prompts labelled medium or high (in this category, for a category row)
     * @param recall         share of them rated medium or above in their category
     * @param benign         benign look-alikes in the group
     * @param falsePositives share of the benign ones rated medium or above (in this category, for a category row)
     * @param lowFlags       share of the benign ones rated low or above
     * @param precision      of the medium-or-above flags, the share on prompts labelled harmful
     */
    public record Row(String dimension, String group, int harmful, double recall, int benign, double falsePositives,
                      double lowFlags, double precision) {
        static Row of(String dimension, String group, List<EvalResult> results) {
            var harmful = results.stream().filter(EvalResult::harmfulAtMedium).toList();
            var benign = results.stream().filter(r -> r.prompt().benign()).toList();
            long flagged = results.stream().filter(EvalResult::flagged).count();
            long flaggedHarmful = results.stream().filter(r -> r.flagged() && !r.prompt().benign()).count();
            return new Row(dimension, group, harmful.size(), share(harmful, EvalResult::detected), benign.size(),
                    share(benign, EvalResult::flagged), share(benign, r -> r.highest().atLeast(Severity.LOW)),
                    flagged == 0 ? Double.NaN : (double) flaggedHarmful / flagged);
        }

        static Row ofCategory(Category c, List<EvalResult> results) {
            var harmful = results.stream().filter(r -> r.harmfulAtMedium() && r.prompt().category().orElseThrow() == c).toList();
            var benign = results.stream().filter(r -> r.prompt().benign()).toList();
            Predicate<EvalResult> flaggedC = r -> r.analysis().severity(c).atLeast(Severity.MEDIUM);
            long flagged = results.stream().filter(flaggedC).count();
            long flaggedHarmful = results.stream().filter(r -> flaggedC.test(r) && !r.prompt().benign()).count();
            return new Row("category", c.wireName(), harmful.size(), share(harmful, flaggedC), benign.size(),
                    share(benign, flaggedC), share(benign, r -> r.analysis().severity(c).atLeast(Severity.LOW)),
                    flagged == 0 ? Double.NaN : (double) flaggedHarmful / flagged);
        }

        private static double share(List<EvalResult> results, Predicate<EvalResult> p) {
            return results.isEmpty() ? Double.NaN : (double) results.stream().filter(p).count() / results.size();
        }
    }

    /** Prints the tables as Markdown, ready for docs/safety.md. */
    public void print(PrintStream out) {
        out.println(classifier);
        out.printf(Locale.ROOT, "%d prompts; goal: recall >= 0.95 at severity >= medium, benign false positives <= 2 %%%n", prompts);
        String dimension = "";
        for (Row r : rows) {
            if (!r.dimension().equals(dimension)) {
                dimension = r.dimension();
                out.printf("%n| %s | harmful (≥ medium) | recall | benign | FP ≥ medium | FP ≥ low | precision |%n", dimension);
                out.println("|---|---:|---:|---:|---:|---:|---:|");
            }
            out.printf(Locale.ROOT, "| %s | %d | %s | %d | %s | %s | %s |%n", r.group(), r.harmful(), f(r.recall()),
                    r.benign(), pct(r.falsePositives()), pct(r.lowFlags()), f(r.precision()));
        }
        out.printf(Locale.ROOT, "%nanalyze(): p50 %.1f µs, p99 %.1f µs per prompt (wall clock); CPU time p50 %.1f µs, p99 %.1f µs%n",
                p50Micros, p99Micros, p50CpuMicros, p99CpuMicros);
        if (!misses.isEmpty()) {
            out.printf("%nmisses (%d):%n", misses.size());
            misses.forEach(m -> out.println("  " + m));
        }
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }
}
