package dev.atelier.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** WebP through the webp-imageio plugin: lossless at quality 100, lossy below, alpha kept either way. */
class WebpEncoderTest {
    // a 64x64 picture with gradients and texture; alpha falling from left to right when asked
    static RgbImage picture(boolean alpha) {
        int n = 64 * 64;
        float[] rgb = new float[n * 3];
        float[] a = alpha ? new float[n] : null;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int p = y * 64 + x;
                rgb[p * 3] = x / 63f;
                rgb[p * 3 + 1] = y / 63f;
                rgb[p * 3 + 2] = ((x ^ y) & 15) / 15f;
                if (alpha) a[p] = 1f - x / 63f;
            }
        }
        return new RgbImage(64, 64, rgb, a);
    }

    static BufferedImage decode(byte[] webp) throws Exception {
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(webp));
        assertThat(img).as("ImageIO reads WebP through the plugin").isNotNull();
        return img;
    }

    @Test
    void qualityHundredIsLosslessColourAndAlpha() throws Exception {
        RgbImage in = picture(true);
        BufferedImage out = decode(ImageEncoder.encode(in, ImageFormat.WEBP, (String) null, 100));
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        for (int p = 0; p < 64 * 64; p++) {
            int argb = out.getRGB(p % 64, p / 64);
            int alpha = argb >>> 24;
            assertThat(alpha).isEqualTo(in.alphaByteAt(p));
            // libwebp's exact mode is off: fully transparent pixels may lose their colour, the rest is exact
            if (alpha > 0) {
                assertThat(argb & 0xFFFFFF).isEqualTo(in.byteAt(p, 0) << 16 | in.byteAt(p, 1) << 8 | in.byteAt(p, 2));
            }
        }
    }

    @Test
    void lowerQualityMakesSmallerLossyFilesThatKeepAlpha() throws Exception {
        RgbImage in = picture(true);
        byte[] q10 = WebpEncoder.encode(in, 10);
        byte[] q90 = WebpEncoder.encode(in, 90);
        assertThat(q10.length).isLessThan(q90.length);
        BufferedImage out = decode(q10);
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(out.getRGB(0, 10) >>> 24).isGreaterThan(240);
        assertThat(out.getRGB(63, 10) >>> 24).isLessThan(15);
    }

    @Test
    void anOpaqueImageIsOpaque() throws Exception {
        BufferedImage out = decode(WebpEncoder.encode(picture(false), 80));
        assertThat(out.getWidth()).isEqualTo(64);
        int[] alphas = Arrays.stream(out.getRGB(0, 0, 64, 64, null, 0, 64)).map(v -> v >>> 24).distinct().toArray();
        assertThat(alphas).containsExactly(255);
    }

    @Test
    void qualityOutsideOneToHundredIsRefused() {
        assertThatThrownBy(() -> WebpEncoder.encode(picture(false), 0)).hasMessageContaining("1..100");
    }
}
