package dev.atelier.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResampleTest {
    private static RgbImage random(int w, int h, boolean alpha, long seed) {
        var rnd = new Random(seed);
        float[] rgb = new float[w * h * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = rnd.nextFloat();
        float[] a = null;
        if (alpha) {
            a = new float[w * h];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat();
        }
        return new RgbImage(w, h, rgb, a);
    }

    // the plain version: every output pixel a 2-D weighted sum over a wide window, edges repeated, clamped
    private static float[] reference(RgbImage img, int width, int height) {
        double sx = (double) width / img.width();
        double sy = (double) height / img.height();
        double stx = Math.max(1, 1 / sx);
        double sty = Math.max(1, 1 / sy);
        float[] out = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double cx = (x + 0.5) / sx - 0.5;
                double cy = (y + 0.5) / sy - 0.5;
                double[] s = new double[3];
                double total = 0;
                for (int j = -40; j < img.height() + 40; j++) {
                    for (int i = -40; i < img.width() + 40; i++) {
                        double wgt = Resample.kernel((i - cx) / stx) * Resample.kernel((j - cy) / sty);
                        if (wgt == 0) continue;
                        int p = Math.clamp(j, 0, img.height() - 1) * img.width() + Math.clamp(i, 0, img.width() - 1);
                        for (int c = 0; c < 3; c++) s[c] += wgt * img.pixels()[p * 3 + c];
                        total += wgt;
                    }
                }
                for (int c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = (float) Math.min(1, Math.max(0, s[c] / total));
            }
        }
        return out;
    }

    @Test
    void matchesThePlainTwoDimensionalSumWhenEnlargingAndShrinking() {
        RgbImage img = random(13, 9, false, 1);
        for (int[] size : new int[][] {{26, 18}, {52, 36}, {5, 4}, {20, 7}}) {
            float[] want = reference(img, size[0], size[1]);
            float[] got = Resample.lanczos(img, size[0], size[1]).pixels();
            for (int i = 0; i < want.length; i++) assertThat(got[i]).as("%dx%d value %d", size[0], size[1], i).isCloseTo(want[i], within(1e-5f));
        }
    }

    @Test
    void keepsAConstantImageConstant() {
        float[] rgb = new float[10 * 10 * 3];
        java.util.Arrays.fill(rgb, 0.3f);
        RgbImage up = Resample.lanczos(new RgbImage(10, 10, rgb), 40, 40);
        for (float v : up.pixels()) assertThat(v).isCloseTo(0.3f, within(1e-6f));
    }

    @Test
    void resamplesTransparentImagesPremultipliedSoHiddenColourDoesNotBleed() {
        // left half opaque blue, right half fully transparent with red colour underneath
        int w = 8;
        float[] rgb = new float[w * w * 3];
        float[] a = new float[w * w];
        for (int p = 0; p < w * w; p++) {
            boolean left = p % w < w / 2;
            rgb[p * 3] = left ? 0 : 1;
            rgb[p * 3 + 2] = left ? 1 : 0;
            a[p] = left ? 1 : 0;
        }
        RgbImage up = Resample.lanczos(new RgbImage(w, w, rgb, a), 32, 32);
        assertThat(up.hasAlpha()).isTrue();
        for (int p = 0; p < 32 * 32; p++) {
            if (up.alpha()[p] > 0.05f) assertThat(up.pixels()[p * 3]).as("red at %d", p).isLessThan(0.01f);
        }
    }

    @Test
    void theSameSizeIsTheImageItself() {
        RgbImage img = random(4, 4, true, 2);
        assertThat(Resample.lanczos(img, 4, 4)).isSameAs(img);
    }
}
