package dev.atelier.safety.text;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The evaluation command: runs the shipped classifier over a labelled set ({@link EvalPrompt}) and prints, per
 * split, category, language group and obfuscation kind, recall at severity medium or above, false-positive rates on
 * the benign look-alikes, and precision; then analyze() latency. {@code main(args)} takes the set's path (default
 * {@code eval/safety/prompts.tsv}).
 */
public final class TextEvaluation {
    private TextEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        run(Path.of(args.length > 0 ? args[0] : "eval/safety/prompts.tsv"), System.out);
    }

    /** Evaluates the shipped classifier on the set at {@code set}, prints the tables to {@code out}, returns the summary. */
    public static EvaluationSummary run(Path set, PrintStream out) throws IOException {
        return run(LexiconClassifier.shipped(), EvalPrompt.read(set), out);
    }

    public static EvaluationSummary run(TextClassifier classifier, List<EvalPrompt> prompts, PrintStream out) {
        var results = prompts.stream().map(p -> new EvalResult(p, classifier.analyze(p.text()))).toList();
        double[][] micros = latencies(classifier, prompts);
        var rows = new ArrayList<EvaluationSummary.Row>();
        rows.addAll(table("split", results, r -> List.of("all", r.prompt().split())));
        rows.addAll(table("category", results, r -> r.prompt().category().map(c -> List.of(c.wireName())).orElse(List.of())));
        rows.addAll(table("language", results, r -> List.of(languageGroup(r.prompt().language()))));
        rows.addAll(table("obfuscation", results, r -> List.of(r.prompt().obfuscation())));
        var all = EvaluationSummary.Row.of("split", "all", results);
        var test = EvaluationSummary.Row.of("split", "test", results.stream().filter(r -> r.prompt().split().equals("test")).toList());
        var misses = results.stream().filter(r -> !r.correct()).map(EvalResult::describe).toList();
        var summary = new EvaluationSummary(classifier.describe(), prompts.size(), all, test, rows,
                percentile(micros[0], 0.50), percentile(micros[0], 0.99),
                percentile(micros[1], 0.50), percentile(micros[1], 0.99), misses);
        summary.print(out);
        return summary;
    }

    /** Rows per group; benign prompts (no category) count in every category's false-positive column. */
    private static List<EvaluationSummary.Row> table(String dimension, List<EvalResult> results, Function<EvalResult, List<String>> groups) {
        var byGroup = new LinkedHashMap<String, List<EvalResult>>();
        for (EvalResult r : results) for (String g : groups.apply(r)) byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(r);
        if (dimension.equals("category")) {
            var benign = results.stream().filter(r -> r.prompt().benign()).toList();
            return byGroup.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
                var rows = new ArrayList<>(e.getValue());
                rows.addAll(benign);
                return EvaluationSummary.Row.ofCategory(Category.lookup(e.getKey()), rows);
            }).toList();
        }
        return byGroup.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> EvaluationSummary.Row.of(dimension, e.getKey(), e.getValue())).toList();
    }

    /** The language groups of the report: scripts and word-boundary rules differ between them. */
    static String languageGroup(String locale) {
        String lang = locale.toLowerCase(Locale.ROOT).split("[-_]")[0];
        return switch (lang) {
            case "en" -> "english";
            case "de", "es", "fr", "it", "pt", "nl", "da", "nb", "sv" -> "latin-western";
            case "fi", "et", "hu", "lt", "pl", "vi", "ms" -> "latin-other";
            case "ru", "uk" -> "cyrillic";
            case "ja", "zh", "ko" -> "cjk";
            default -> "indic-thai";
        };
    }

    /**
     * Per-call analyze() time in microseconds, after a warm-up, over every prompt of the set 10 times: wall-clock
     * times in [0], the calling thread's CPU times in [1] (not inflated when the machine is shared).
     */
    private static double[][] latencies(TextClassifier classifier, List<EvalPrompt> prompts) {
        for (int i = 0; i < 10; i++) for (EvalPrompt p : prompts) classifier.analyze(p.text());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] micros = new double[2][prompts.size() * 10];
        int n = 0;
        for (int i = 0; i < 10; i++) {
            for (EvalPrompt p : prompts) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                classifier.analyze(p.text());
                micros[0][n] = (System.nanoTime() - t0) / 1000.0;
                micros[1][n++] = (threads.getCurrentThreadCpuTime() - c0) / 1000.0;
            }
        }
        Arrays.sort(micros[0]);
        Arrays.sort(micros[1]);
        return micros;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
