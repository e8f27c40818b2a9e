package dev.atelier.eval.bench;

import java.util.Arrays;

/** Summary of latencies in milliseconds; percentiles interpolate linearly between order statistics (numpy's default). */
public record Latency(int runs, double p50, double p95, double mean, double min, double max) {
    public static Latency of(double[] ms) {
        if (ms.length == 0) throw new IllegalArgumentException("no latencies");
        double[] s = ms.clone();
        Arrays.sort(s);
        return new Latency(s.length, percentile(s, 0.5), percentile(s, 0.95), Arrays.stream(s).average().orElseThrow(), s[0], s[s.length - 1]);
    }

    /** {@code q}-quantile (0–1) of sorted values. */
    static double percentile(double[] sorted, double q) {
        double k = (sorted.length - 1) * q;
        int lo = (int) Math.floor(k), hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - lo);
    }
}
