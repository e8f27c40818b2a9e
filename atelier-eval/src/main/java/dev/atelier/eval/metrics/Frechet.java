package dev.atelier.eval.metrics;

/**
 * Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, the FID formula):
 * {@code |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^½ S2 S1^½)^½)}, computed in double with symmetric
 * eigendecompositions (negative eigenvalues from rounding are clamped to zero).
 */
public final class Frechet {
    private Frechet() {
    }

    public static double distance(float[][] a, float[][] b) {
        if (a.length < 2 || b.length < 2) throw new IllegalArgumentException("need at least 2 samples per set, got " + a.length + " and " + b.length);
        if (a[0].length != b[0].length) throw new IllegalArgumentException("feature sizes differ: " + a[0].length + " vs " + b[0].length);
        double[] m1 = mean(a), m2 = mean(b);
        double[][] s1 = covariance(a, m1), s2 = covariance(b, m2);
        int d = m1.length;
        double diff = 0;
        for (int i = 0; i < d; i++) diff += (m1[i] - m2[i]) * (m1[i] - m2[i]);
        double[][] root1 = sqrtPsd(s1);
        double[][] inner = multiply(multiply(root1, s2), root1);
        symmetrize(inner);
        double trSqrt = 0;
        for (double ev : new SymmetricEigen(inner).values) trSqrt += Math.sqrt(Math.max(ev, 0));
        double tr = 0;
        for (int i = 0; i < d; i++) tr += s1[i][i] + s2[i][i];
        return Math.max(0, diff + tr - 2 * trSqrt);
    }

    static double[] mean(float[][] x) {
        double[] m = new double[x[0].length];
        for (float[] row : x) for (int i = 0; i < m.length; i++) m[i] += row[i];
        for (int i = 0; i < m.length; i++) m[i] /= x.length;
        return m;
    }

    /** Unbiased covariance (divides by n - 1, as numpy.cov). */
    static double[][] covariance(float[][] x, double[] m) {
        int d = m.length;
        double[][] c = new double[d][d];
        double[] centred = new double[d];
        for (float[] row : x) {
            for (int i = 0; i < d; i++) centred[i] = row[i] - m[i];
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                if (ci == 0) continue;
                for (int j = i; j < d; j++) c[i][j] += ci * centred[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= x.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    static double[][] sqrtPsd(double[][] s) {
        var eig = new SymmetricEigen(s);
        int d = s.length;
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(eig.values[k], 0));
            if (r == 0) continue;
            for (int i = 0; i < d; i++) {
                double vik = eig.vectors[i][k] * r;
                for (int j = 0; j < d; j++) out[i][j] += vik * eig.vectors[j][k];
            }
        }
        return out;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length, k = b.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                double ait = a[i][t];
                if (ait == 0) continue;
                for (int j = 0; j < m; j++) out[i][j] += ait * b[t][j];
            }
        }
        return out;
    }

    private static void symmetrize(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                double v = (a[i][j] + a[j][i]) / 2;
                a[i][j] = v;
                a[j][i] = v;
            }
        }
    }
}
