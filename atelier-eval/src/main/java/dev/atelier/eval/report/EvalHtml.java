package dev.atelier.eval.report;

import dev.atelier.eval.report.EvalReport.PromptResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML page of an evaluation: summary, category scores, checks, worst prompts with their images, grids. */
public final class EvalHtml {
    private EvalHtml() {
    }

    /** @param grids category to the grid image's file name, relative to the report */
    public static String render(EvalReport r, Map<String, String> grids, int worst) {
        var b = new StringBuilder();
        b.append("<h1>Atelier evaluation</h1><p>").append(Html.esc(r.source())).append("<br><span class='small'>judge ")
                .append(Html.esc(r.judge())).append(", prompts ").append(Html.esc(r.promptsFile())).append(", ")
                .append(r.prompts()).append(" prompts × ").append(r.imagesPerPrompt()).append(" images, ")
                .append(String.format(Locale.ROOT, "%.0f s", r.seconds())).append("</span></p>");
        b.append("<table><tr><th class='l'>metric</th><th>value</th></tr>");
        row(b, "score (mean of category scores)", r.score());
        row(b, "FD-judge (vs " + r.referenceImages() + " real)", r.fdJudge());
        row(b, "precision (k=3)", r.precision());
        row(b, "recall (k=3)", r.recall());
        row(b, "CLIPScore-judge", r.clipScore());
        row(b, "CLIPScore-judge of the real renderings", r.clipScoreReal());
        b.append("</table><h2>Categories</h2>");
        List<String> cats = new ArrayList<>(r.categories().keySet());
        b.append(Svg.bars(cats, cats.stream().map(c -> r.categories().get(c).score()).toList(), 1.0, ""));
        b.append("<table><tr><th class='l'>category</th><th>score</th><th>prompts</th><th>images</th><th class='l'>checks passed</th></tr>");
        r.categories().forEach((c, s) -> {
            var checks = new StringBuilder();
            s.checks().forEach((k, v) -> checks.append(k).append(String.format(Locale.ROOT, " %.2f  ", v)));
            b.append(String.format(Locale.ROOT, "<tr><td class='l'>%s</td><td>%.3f</td><td>%d</td><td>%d</td><td class='l'>%s</td></tr>",
                    c, s.score(), s.prompts(), s.images(), checks));
        });
        b.append("</table><h2>Worst prompts</h2>");
        List<PromptResult> sorted = r.results().stream()
                .sorted(Comparator.comparingDouble(PromptResult::passRate).thenComparing(PromptResult::id)).limit(worst).toList();
        for (PromptResult p : sorted) {
            b.append(String.format(Locale.ROOT, "<h3>%s <span class='small'>%s, %.0f %% passed</span></h3><div class='imgs'>",
                    Html.esc(p.prompt()), Html.esc(p.id()), 100 * p.passRate()));
            for (var im : p.images()) {
                b.append("<img class='").append(im.passed() ? "pass" : "fail").append("' src='").append(Html.esc(im.file()))
                        .append("' title='").append(Html.esc(im.checks() + " | " + im.seen())).append("'>");
            }
            b.append("</div><p class='small'>").append(Html.esc(p.images().get(0).checks() + " — judge saw: " + p.images().get(0).seen()))
                    .append("</p>");
        }
        b.append("<h2>Grids</h2>");
        grids.forEach((c, f) -> b.append("<h3>").append(Html.esc(c)).append("</h3><img src='").append(Html.esc(f)).append("'>"));
        return Html.page("Atelier evaluation", b.toString());
    }

    private static void row(StringBuilder b, String name, double v) {
        b.append("<tr><td class='l'>").append(Html.esc(name)).append("</td><td>").append(Svg.format(v)).append("</td></tr>");
    }
}
