package dev.atelier.eval.metrics;

import java.util.Arrays;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls around
 * its samples with radius the distance to the k-th nearest neighbour in the same set; precision is the share
 * of generated samples inside the real manifold, recall the share of real samples inside the generated one.
 */
public final class PrecisionRecall {
    public static final int DEFAULT_K = 3;

    public record Result(double precision, double recall, int k) {
    }

    private PrecisionRecall() {
    }

    public static Result compute(float[][] real, float[][] generated, int k) {
        if (real.length <= k || generated.length <= k) {
            throw new IllegalArgumentException("need more than k=" + k + " samples per set, got " + real.length + " and " + generated.length);
        }
        return new Result(coverage(real, generated, k), coverage(generated, real, k), k);
    }

    /** Share of {@code probes} within the k-NN balls of {@code manifold}. */
    static double coverage(float[][] manifold, float[][] probes, int k) {
        double[] radius = new double[manifold.length];
        double[] d = new double[manifold.length];
        for (int i = 0; i < manifold.length; i++) {
            for (int j = 0; j < manifold.length; j++) d[j] = dist2(manifold[i], manifold[j]);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            radius[i] = sorted[k];  // sorted[0] is the sample itself
        }
        int inside = 0;
        for (float[] p : probes) {
            for (int i = 0; i < manifold.length; i++) {
                if (dist2(p, manifold[i]) <= radius[i]) {
                    inside++;
                    break;
                }
            }
        }
        return inside / (double) probes.length;
    }

    static double dist2(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
