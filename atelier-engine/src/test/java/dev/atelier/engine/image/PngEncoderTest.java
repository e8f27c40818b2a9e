package dev.atelier.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    private static RgbImage gradient(int w, int h) {
        float[] px = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                px[p] = x / (float) (w - 1);
                px[p + 1] = y / (float) (h - 1);
                px[p + 2] = ((x + y) % 7) / 6f;
            }
        }
        return new RgbImage(w, h, px);
    }

    @Test
    void decodesBackToTheSamePixelsWithImageIo() throws Exception {
        RgbImage img = gradient(37, 21);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(img, Map.of())));
        assertThat(back.getWidth()).isEqualTo(37);
        assertThat(back.getHeight()).isEqualTo(21);
        for (int p = 0; p < 37 * 21; p++) {
            int rgb = back.getRGB(p % 37, p / 37);
            assertThat(new int[] {rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255})
                    .containsExactly(img.byteAt(p, 0), img.byteAt(p, 1), img.byteAt(p, 2));
        }
    }

    @Test
    void anImageWithAlphaIsAnRgbaPngWithStraightColour() throws Exception {
        RgbImage rgb = gradient(9, 5);
        float[] alpha = new float[9 * 5];
        for (int p = 0; p < alpha.length; p++) alpha[p] = p / (float) (alpha.length - 1);
        RgbImage img = new RgbImage(9, 5, rgb.pixels(), alpha);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(img, Map.of())));
        assertThat(back.getColorModel().hasAlpha()).isTrue();
        for (int p = 0; p < alpha.length; p++) {
            int[] px = back.getRaster().getPixel(p % 9, p / 9, (int[]) null);  // straight RGBA as stored
            assertThat(px).containsExactly(img.byteAt(p, 0), img.byteAt(p, 1), img.byteAt(p, 2), img.alphaByteAt(p));
        }
    }

    @Test
    void aJpegOfAnImageWithAlphaIsItsColourOverWhite() throws Exception {
        RgbImage img = new RgbImage(1, 1, new float[] {1, 0, 0}, new float[] {0.5f});
        assertThat(img.overWhite().pixels()).containsExactly(1f, 0.5f, 0.5f);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(JpegEncoder.encode(img, null, 100)));
        int rgb = back.getRGB(0, 0);
        assertThat(rgb >> 16 & 255).isGreaterThan(245);
        assertThat(rgb >> 8 & 255).isBetween(118, 138);
    }

    @Test
    void latin1ParametersGoInATextChunkAndReadBack() {
        byte[] png = PngEncoder.encode(gradient(8, 8), Map.of("parameters", "a red apple\nSteps: 8, Seed: 1"));
        assertThat(new String(png, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("tEXtparameters");
        assertThat(PngText.read(png)).containsEntry("parameters", "a red apple\nSteps: 8, Seed: 1");
    }

    @Test
    void nonLatin1ParametersGoInAnInternationalTextChunk() {
        String text = "🐱 ねこ\nSteps: 8";
        byte[] png = PngEncoder.encode(gradient(8, 8), Map.of("parameters", text));
        assertThat(new String(png, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("iTXtparameters");
        assertThat(PngText.read(png)).containsEntry("parameters", text);
    }

    @Test
    void sameImageGivesSameBytes() {
        assertThat(PngEncoder.encode(gradient(16, 16), Map.of("parameters", "x")))
                .isEqualTo(PngEncoder.encode(gradient(16, 16), Map.of("parameters", "x")));
    }

    @Test
    void rejectsANonPng() {
        assertThatThrownBy(() -> PngText.read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PNG");
    }
}
