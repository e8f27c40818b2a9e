package dev.atelier.eval.bench;

import dev.atelier.eval.report.Html;
import dev.atelier.eval.report.Svg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML page of a benchmark: summary table, latency distribution, per-stage bars, throughput, baseline. */
public final class BenchHtml {
    private BenchHtml() {
    }

    public static String render(BenchReport r) {
        var b = new StringBuilder("<h1>Atelier benchmark</h1>");
        b.append("<p>").append(Html.esc(r.model())).append(String.format(Locale.ROOT, " at %dx%d, %d steps, guidance %.1f, one image per request",
                r.width(), r.height(), r.steps(), r.guidance())).append("<br><span class='small'>").append(Html.esc(r.machine()))
                .append(", ").append(r.threads()).append(" ONNX Runtime threads; prompt \"").append(Html.esc(r.prompt())).append("\"</span></p>");
        b.append("<table><tr><th class='l'>measure</th><th>value</th></tr>");
        row(b, "cold start: load to first image", r.coldStartMs(), " ms");
        row(b, "  of which loading the package and sessions", r.coldLoadMs(), " ms");
        row(b, "warm latency p50 (" + r.warm().runs() + " runs)", r.warm().p50(), " ms");
        row(b, "warm latency p95", r.warm().p95(), " ms");
        row(b, "engine overhead (total − ONNX Runtime)", r.engineOverheadPct(), " %");
        if (r.baseline() != null) {
            b.append("<tr><td class='l'>PyTorch baseline set-up</td><td class='l'>").append(Html.esc(r.baseline().setup(true)))
                    .append("</td></tr>");
            r.baseline().results().forEach((k, v) -> row(b, "PyTorch eager " + k + " p50 (torch " + r.baseline().torch() + ")", v.p50(), " ms"));
            row(b, "ratio Atelier / PyTorch best (" + r.baseline().best() + ")", r.ratio(), "×");
        } else {
            b.append("<tr><td class='l'>PyTorch baseline</td><td>not run: ").append(Html.esc(r.baselineNote())).append("</td></tr>");
        }
        b.append("</table><h2>Warm latency distribution</h2>")
                .append(Svg.histogram(r.warmMs(), Math.max(5, Math.min(20, r.warmMs().length / 2)), r.warm().p50(), r.warm().p95(), " ms"));
        b.append("<h2>Stages (mean ms per image)</h2>");
        List<String> labels = new ArrayList<>(List.of("tokenize", "text encoder"));
        List<Double> values = new ArrayList<>(List.of(r.stages().tokenize(), r.stages().textEncode()));
        for (int i = 0; i < r.stages().stepMs().length; i++) {
            labels.add("step " + (i + 1));
            values.add(r.stages().stepMs()[i]);
        }
        labels.addAll(List.of("decode", "image encoding (PNG)"));
        values.addAll(List.of(r.stages().decode(), r.stages().imageEncode()));
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        b.append(Svg.bars(labels, values, max, " ms"));
        b.append("<h2>Throughput</h2><table><tr><th>clients</th><th>requests</th><th>images/s</th><th>p50 ms</th><th>p95 ms</th></tr>");
        for (var t : r.throughput()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%.3f</td><td>%.0f</td><td>%.0f</td></tr>",
                    t.concurrency(), t.requests(), t.imagesPerSecond(), t.latency().p50(), t.latency().p95()));
        }
        b.append("</table>");
        b.append(Svg.bars(r.throughput().stream().map(t -> t.concurrency() + " client(s)").toList(),
                r.throughput().stream().map(BenchReport.Throughput::imagesPerSecond).toList(),
                r.throughput().stream().mapToDouble(BenchReport.Throughput::imagesPerSecond).max().orElse(1), " img/s"));
        if (r.baseline() != null) {
            b.append("<h2>Atelier vs PyTorch eager (p50 ms)</h2>");
            List<String> l = new ArrayList<>(List.of("Atelier (ONNX Runtime)"));
            List<Double> v = new ArrayList<>(List.of(r.warm().p50()));
            r.baseline().results().forEach((k, lat) -> {
                l.add("PyTorch " + k);
                v.add(lat.p50());
            });
            b.append(Svg.bars(l, v, v.stream().mapToDouble(Double::doubleValue).max().orElse(1), " ms"));
            b.append("<p class='small'>").append(Html.esc(r.baseline().command())).append("</p>");
        }
        return Html.page("Atelier benchmark", b.toString());
    }

    private static void row(StringBuilder b, String name, Double v, String unit) {
        b.append("<tr><td class='l'>").append(Html.esc(name)).append("</td><td>")
                .append(v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%s", v, unit)).append("</td></tr>");
    }
}
