package dev.atelier.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetTest {
    private static float[][] gaussian(int n, int d, double[] mean, double[] std, long seed) {
        var r = new Random(seed);
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i][k] = (float) (mean[k] + std[k] * r.nextGaussian());
        return x;
    }

    @Test
    void identicalSetsAreAtDistanceZero() {
        float[][] a = gaussian(300, 16, new double[16], filled(16, 1), 1);
        assertThat(Frechet.distance(a, a)).isCloseTo(0, within(1e-6));
    }

    @Test
    void aShiftedSetIsAtTheSquaredShift() {
        float[][] a = gaussian(200, 8, new double[8], filled(8, 0.5), 2);
        float[][] b = new float[a.length][8];
        for (int i = 0; i < a.length; i++) for (int k = 0; k < 8; k++) b[i][k] = a[i][k] + (k == 0 ? 3f : 0f);
        assertThat(Frechet.distance(a, b)).isCloseTo(9, within(1e-6));
    }

    // Plain oracle: for diagonal covariances FD = sum (mu1 - mu2)^2 + (s1 - s2)^2 per dimension.
    @Test
    void matchesTheDiagonalFormulaOnLargeIndependentSamples() {
        int d = 4;
        double[] s1 = {1, 2, 0.5, 1}, s2 = {2, 1, 0.5, 3}, m2 = {1, 0, -1, 0};
        float[][] a = gaussian(20000, d, new double[d], s1, 3), b = gaussian(20000, d, m2, s2, 4);
        double expected = 0;
        for (int k = 0; k < d; k++) expected += m2[k] * m2[k] + (s1[k] - s2[k]) * (s1[k] - s2[k]);
        assertThat(Frechet.distance(a, b)).isCloseTo(expected, within(0.15));
    }

    @Test
    void matrixSquareRootSquaresBack() {
        double[][] s = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}};
        double[][] r = Frechet.sqrtPsd(s);
        double[][] rr = Frechet.multiply(r, r);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertThat(rr[i][j]).isCloseTo(s[i][j], within(1e-9));
    }

    private static double[] filled(int n, double v) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, v);
        return x;
    }
}
