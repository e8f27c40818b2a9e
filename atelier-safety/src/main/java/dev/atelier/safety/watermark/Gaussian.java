package dev.atelier.safety.watermark;

/** The standard normal distribution's upper tail, for thresholds set from a false-alarm rate. */
final class Gaussian {
    private Gaussian() {
    }

    /** {@code P(Z > z)} for a standard normal Z; relative error under 1.2e-7 (erfc by Numerical Recipes' Chebyshev fit, §6.2). */
    static double upperTail(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? erfc / 2 : 1 - erfc / 2;
    }

    /** The z with {@code upperTail(z) = p}, for p in (0, 0.5]; by bisection to 1e-9. */
    static double upperQuantile(double p) {
        if (!(p > 0 && p <= 0.5)) throw new IllegalArgumentException("tail probability must be in (0, 0.5], got " + p);
        double lo = 0;
        double hi = 40;
        while (hi - lo > 1e-9) {
            double mid = (lo + hi) / 2;
            if (upperTail(mid) > p) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }
}
