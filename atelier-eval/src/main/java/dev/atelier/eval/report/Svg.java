package dev.atelier.eval.report;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts for the HTML reports (no scripts, no downloads). */
public final class Svg {
    private Svg() {
    }

    /** Horizontal bars, one per label; values drawn against {@code max}. */
    public static String bars(List<String> labels, List<Double> values, double max, String unit) {
        int rowH = 22, labelW = 170, barW = 360, h = rowH * labels.size() + 10;
        var sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>",
                labelW + barW + 90, h));
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            double w = max > 0 && Double.isFinite(v) ? Math.max(0, Math.min(1, v / max)) * barW : 0;
            int y = 5 + i * rowH;
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>", labelW - 6, y + 15, Html.esc(labels.get(i))));
            sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%.1f' height='%d' fill='#4a7bd0'/>", labelW, y + 3, w, rowH - 6));
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d'>%s</text>", labelW + w + 4, y + 15, Html.esc(format(v) + unit)));
        }
        return sb.append("</svg>").toString();
    }

    /** A histogram of {@code values} (e.g. latencies in ms) with {@code bins} bins and p50/p95 markers. */
    public static String histogram(double[] values, int bins, double p50, double p95, String unit) {
        int w = 520, h = 180, pad = 30;
        double lo = java.util.Arrays.stream(values).min().orElse(0), hi = java.util.Arrays.stream(values).max().orElse(1);
        if (hi <= lo) hi = lo + 1;
        int[] counts = new int[bins];
        for (double v : values) counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        int top = java.util.Arrays.stream(counts).max().orElse(1);
        var sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>", w, h + 20));
        double bw = (w - 2.0 * pad) / bins;
        for (int i = 0; i < bins; i++) {
            double bh = (h - pad) * counts[i] / (double) top;
            sb.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#4a7bd0'/>",
                    pad + i * bw, h - bh, Math.max(1, bw - 1), bh));
        }
        for (double[] m : new double[][]{{p50, 0}, {p95, 1}}) {
            double x = pad + (m[0] - lo) / (hi - lo) * (w - 2.0 * pad);
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='10' y2='%d' stroke='%s' stroke-dasharray='4'/>", x, x, h, m[1] == 0 ? "#2a2" : "#d22"));
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='10' fill='%s'>%s %s%s</text>", x + 3, m[1] == 0 ? "#2a2" : "#d22",
                    m[1] == 0 ? "p50" : "p95", format(m[0]), unit));
        }
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s%s</text><text x='%d' y='%d' text-anchor='end'>%s%s</text>",
                pad, h + 15, format(lo), unit, w - pad, h + 15, format(hi), unit));
        return sb.append("</svg>").toString();
    }

    static String format(double v) {
        if (!Double.isFinite(v)) return "n/a";
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
