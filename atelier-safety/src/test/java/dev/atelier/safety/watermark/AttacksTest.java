package dev.atelier.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.engine.image.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttacksTest {
    @Test
    void halfSizeResizeIsTheTwoByTwoMeanRoundedTo8Bits() {
        var random = new SplittableRandom(3);
        float[] px = new float[8 * 6 * 3];
        for (int i = 0; i < px.length; i++) px[i] = random.nextInt(256) / 255f;
        RgbImage half = Attacks.resize(new RgbImage(8, 6, px), 0.5);
        assertThat(half.width()).isEqualTo(4);
        assertThat(half.height()).isEqualTo(3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    double mean = (px[((2 * y) * 8 + 2 * x) * 3 + c] + px[((2 * y) * 8 + 2 * x + 1) * 3 + c]
                            + px[((2 * y + 1) * 8 + 2 * x) * 3 + c] + px[((2 * y + 1) * 8 + 2 * x + 1) * 3 + c]) / 4;
                    assertThat((double) half.pixels()[(y * 4 + x) * 3 + c]).isCloseTo(mean, within(0.5 / 255 + 1e-6));
                }
            }
        }
    }

    @Test
    void psnrOfAOneLevelChangeEverywhereIs48Decibels() {
        float[] a = new float[4 * 4 * 3];
        float[] b = new float[a.length];
        java.util.Arrays.fill(a, 100 / 255f);
        java.util.Arrays.fill(b, 101 / 255f);
        assertThat(Attacks.psnr(new RgbImage(4, 4, a), new RgbImage(4, 4, b))).isCloseTo(48.13, within(0.01));
    }
}
