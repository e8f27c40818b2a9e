package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The draft drawn over the implied image: opaque draft pixels replace it, transparent ones keep it, partial ones blend. */
class DraftGuideTest {
    private static final int S = 2;
    private static final int PLANE = S * S;

    // one image [4, 2, 2]: pixel 0 opaque red, 1 transparent, 2 half-covered green (premultiplied), 3 transparent
    private static float[] draft() {
        float[] d = new float[4 * PLANE];
        java.util.Arrays.fill(d, -1f);
        d[0] = 1f;  // R of pixel 0
        d[3 * PLANE] = 1f;  // alpha of pixel 0
        d[PLANE + 2] = 0f;  // G of pixel 2: premultiplied 0.5
        d[3 * PLANE + 2] = 0f;  // alpha of pixel 2: 0.5
        return d;
    }

    private static float[] random(long seed) {
        Random r = new Random(seed);
        float[] x = new float[4 * PLANE];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 0.7);
        return x;
    }

    // the clean image a velocity implies at sigma, in [0, 1]
    private static double implied(float[] sample, float[] v, double sigma, int i) {
        return (sample[i] - sigma * v[i] + 1) / 2;
    }

    @Test
    void opaquePixelsBecomeTheDraftTransparentOnesStayAndPartialOnesAreComposedOver() {
        float[] x = random(1), v = random(2);
        double sigma = 0.8;
        var guide = new DraftGuide(draft(), new boolean[]{true}, 1, 1000);
        float[] out = guide.apply(v, x, sigma * 1000, 0);
        for (int c = 0; c < 4; c++) {
            assertThat(implied(x, out, sigma, c * PLANE)).as("opaque pixel, channel %d", c).isCloseTo(c == 0 || c == 3 ? 1 : 0, within(1e-5));
            assertThat(out[c * PLANE + 1]).as("transparent pixel, channel %d", c).isEqualTo(v[c * PLANE + 1]);
            int i = c * PLANE + 2;
            double expected = (c == 1 ? 0.5 : c == 3 ? 0.5 : 0) + 0.5 * implied(x, v, sigma, i);
            assertThat(implied(x, out, sigma, i)).as("half-covered pixel, channel %d", c).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void onlyTheFirstCallsAndTheImagesInUseAreGuided() {
        float[] x = random(3), v = random(4);
        var guide = new DraftGuide(draft(), new boolean[]{true}, 2, 1000);
        assertThat(guide.apply(v, x, 900, 1)).isNotEqualTo(v);
        assertThat(guide.apply(v, x, 500, 2)).isSameAs(v);
        assertThat(new DraftGuide(draft(), new boolean[]{false}, 2, 1000).apply(v, x, 900, 0)).isEqualTo(v);
    }

    @Test
    void theSecondImageOfABatchReadsItsOwnDraft() {
        float[] drafts = new float[2 * 4 * PLANE];
        java.util.Arrays.fill(drafts, -1f);  // image 0: no draft
        System.arraycopy(draft(), 0, drafts, 4 * PLANE, 4 * PLANE);
        float[] x = new float[8 * PLANE], v = new float[8 * PLANE];
        float[] out = new DraftGuide(drafts, new boolean[]{true, true}, 1, 1000).apply(v, x, 1000, 0);
        for (int i = 0; i < 4 * PLANE; i++) assertThat(out[i]).isZero();
        assertThat(implied(x, out, 1, 4 * PLANE)).isCloseTo(1, within(1e-6));
    }

    @Test
    void badShapesAreRefused() {
        assertThatThrownBy(() -> new DraftGuide(new float[5], new boolean[]{true}, 1, 1000)).hasMessageContaining("4 channels");
        assertThatThrownBy(() -> new DraftGuide(draft(), new boolean[]{true}, -1, 1000)).hasMessageContaining("≥ 0");
    }
}
