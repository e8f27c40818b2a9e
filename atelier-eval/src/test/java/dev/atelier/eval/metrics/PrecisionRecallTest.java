package dev.atelier.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PrecisionRecallTest {
    private static float[][] cloud(int n, float offset, long seed) {
        var r = new Random(seed);
        float[][] x = new float[n][4];
        for (float[] row : x) for (int k = 0; k < 4; k++) row[k] = offset + (float) r.nextGaussian();
        return x;
    }

    @Test
    void identicalSetsHavePrecisionAndRecallOne() {
        float[][] a = cloud(100, 0, 1);
        var pr = PrecisionRecall.compute(a, a, 3);
        assertThat(pr.precision()).isEqualTo(1.0);
        assertThat(pr.recall()).isEqualTo(1.0);
    }

    @Test
    void farApartSetsHaveNeither() {
        var pr = PrecisionRecall.compute(cloud(100, 0, 1), cloud(100, 50, 2), 3);
        assertThat(pr.precision()).isZero();
        assertThat(pr.recall()).isZero();
    }

    @Test
    void aCollapsedGeneratorKeepsPrecisionButLosesRecall() {
        float[][] real = cloud(200, 0, 3);
        float[][] collapsed = new float[50][];
        var r = new Random(4);
        for (int i = 0; i < 50; i++) {
            collapsed[i] = real[0].clone();
            for (int k = 0; k < 4; k++) collapsed[i][k] += (float) (0.01 * r.nextGaussian());
        }
        var pr = PrecisionRecall.compute(real, collapsed, 3);
        assertThat(pr.precision()).isGreaterThan(0.9);
        assertThat(pr.recall()).isLessThan(0.1);
    }
}
