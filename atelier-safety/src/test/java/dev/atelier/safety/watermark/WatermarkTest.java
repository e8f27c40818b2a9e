package dev.atelier.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.image.JpegEncoder;
import dev.atelier.engine.image.PngEncoder;
import dev.atelier.engine.image.RgbImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final Watermark WM = Watermark.atelier();

    private static RgbImage marked(RgbImage image) {
        return Attacks.quantize(WM.embed(image));
    }

    @Test
    void markedEmojiArtIsDetected() {
        for (RgbImage image : TestImages.gallery()) {
            Detection d = WM.detect(marked(image));
            assertThat(d.present()).as("score %s against %s", d.score(), d.threshold()).isTrue();
            assertThat(d.scale()).isEqualTo(1.0);
            assertThat(d.offsetX()).isZero();
            assertThat(d.offsetY()).isZero();
        }
    }

    @Test
    void unmarkedImagesAreNotDetected() {
        for (RgbImage image : TestImages.gallery()) {
            Detection d = WM.detect(image);
            assertThat(d.present()).as("score %s against %s", d.score(), d.threshold()).isFalse();
        }
        float[] white = new float[128 * 128 * 3];
        java.util.Arrays.fill(white, 1f);
        assertThat(WM.detect(new RgbImage(128, 128, white)).present()).isFalse();
    }

    @Test
    void survivesJpegQuality75() {
        for (RgbImage image : TestImages.gallery()) {
            assertThat(WM.detect(Attacks.jpeg(marked(image), 75)).present()).isTrue();
        }
    }

    @Test
    void survivesHalfSizeResizeAndReportsTheScale() {
        for (RgbImage image : TestImages.gallery()) {
            Detection d = WM.detect(Attacks.resize(marked(image), 0.5));
            assertThat(d.present()).as("score %s against %s", d.score(), d.threshold()).isTrue();
            assertThat(d.scale()).isEqualTo(0.5);
        }
    }

    @Test
    void survivesACropAndFindsTheShift() {
        RgbImage image = marked(TestImages.emojiOnWhite(0, 0));
        Detection d = WM.detect(Attacks.crop(image, 13, 7, 230, 230));
        assertThat(d.present()).isTrue();
        assertThat(d.offsetX()).isEqualTo(32 - 13);  // the tile origin sat at x = 32 of the original, 19 of the crop
        assertThat(d.offsetY()).isEqualTo(32 - 7);
    }

    @Test
    void keepsThePsnrAtLeast40Decibels() {
        for (RgbImage image : TestImages.gallery()) {
            assertThat(Attacks.psnr(image, marked(image))).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void leavesTheAlphaPlaneAloneAndStillMarksTheColour() {
        RgbImage sprite = TestImages.sprite(3, 2);
        RgbImage big = Attacks.resize(sprite, 4);  // opaque, over white: give it back a 256×256 alpha plane
        float[] alpha = new float[256 * 256];
        for (int p = 0; p < alpha.length; p++) alpha[p] = (p / 256 / 16 + p % 256 / 16) % 3 == 0 ? 0f : 1f;
        RgbImage withAlpha = new RgbImage(256, 256, big.pixels(), alpha);
        RgbImage marked = WM.embed(withAlpha);
        assertThat(marked.alpha()).containsExactly(alpha);
        assertThat(WM.detect(Attacks.quantize(marked)).present()).isTrue();
    }

    @Test
    void oddSizesAreMarkedAndDetected() {
        RgbImage odd = Attacks.quantize(TestImages.onCanvas(TestImages.sprite(8, 4), 203, 141, TestImages.WHITE, 120, 40, 10));
        RgbImage marked = marked(odd);
        assertThat(marked.width()).isEqualTo(203);
        assertThat(WM.detect(marked).present()).isTrue();
        assertThat(WM.detect(odd).present()).isFalse();
    }

    @Test
    void aTinyImageIsNeverReportedAsMarked() {
        RgbImage tiny = new RgbImage(9, 5, new float[9 * 5 * 3]);
        assertThat(WM.embed(tiny).width()).isEqualTo(9);
        assertThat(WM.detect(tiny).present()).isFalse();
    }

    @Test
    void detectsFromPngAndJpegBytes() {
        RgbImage image = marked(TestImages.emojiOnWhite(5, 3));
        assertThat(WM.detect(PngEncoder.encode(image, Map.of())).present()).isTrue();
        assertThat(WM.detect(JpegEncoder.encode(image, "", 90)).present()).isTrue();
    }

    @Test
    void bytesThatAreNoImageAreRejectedWithTheirLength() {
        assertThatThrownBy(() -> WM.detect(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void rejectsANonPositiveStrength() {
        assertThatThrownBy(() -> new Watermark(WatermarkKey.ATELIER, new PerceptualMask(0.25f, 4f), 0f, 40))
                .hasMessageContaining("strength must be positive, got 0.0");
    }
}
