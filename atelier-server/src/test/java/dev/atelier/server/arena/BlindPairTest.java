package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A battle's two images leave the server equally long, in the same format, with their pixels. */
class BlindPairTest {
    static BufferedImage flat(int w, int h, int argb, int type) {
        var img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, argb);
        return img;
    }

    static BufferedImage noise(int w, int h, long seed) {
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var rnd = new Random(seed);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rnd.nextInt());
        return img;
    }

    static byte[] png(BufferedImage img) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static BufferedImage read(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void aFlatAndANoisyImageLeaveEquallyLongWithTheirPixelsExact() throws Exception {
        BufferedImage flat = flat(256, 256, 0xff336699, BufferedImage.TYPE_INT_RGB);
        BufferedImage noisy = noise(256, 256, 1);
        byte[] a = png(flat);
        byte[] b = png(noisy);
        assertThat(a.length).as("as stored, the sizes differ by far").isLessThan(b.length / 10);
        var pair = BlindPair.of(a, b);
        assertThat(pair.a()).hasSize(pair.b().length);
        // the length is a function of the size and channels only: 8 + IHDR 25 + IDAT (12 + zlib) + IEND 12
        int raw = 256 * (1 + 256 * 3);
        int zlib = 2 + raw + 5 * ((raw + 65_534) / 65_535) + 4;
        assertThat(pair.a()).hasSize(8 + 25 + 12 + zlib + 12);
        BufferedImage ra = read(pair.a());
        BufferedImage rb = read(pair.b());
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) {
            if (ra.getRGB(x, y) != flat.getRGB(x, y) || rb.getRGB(x, y) != noisy.getRGB(x, y)) {
                throw new AssertionError("pixel (" + x + ", " + y + ") changed");
            }
        }
    }

    @Test
    void sidesOfDifferentSizesOrChannelsAreMadeAlike() throws Exception {
        var pair = BlindPair.of(png(flat(64, 64, 0xffff0000, BufferedImage.TYPE_INT_RGB)),
                png(flat(128, 128, 0x8000ff00, BufferedImage.TYPE_INT_ARGB)));
        assertThat(pair.a()).hasSize(pair.b().length);
        BufferedImage a = read(pair.a());
        BufferedImage b = read(pair.b());
        assertThat(a.getWidth()).isEqualTo(128);
        assertThat(a.getColorModel().hasAlpha()).isTrue();
        assertThat(b.getColorModel().hasAlpha()).isTrue();
        assertThat(a.getRGB(64, 64)).isEqualTo(0xffff0000);
        assertThat(b.getRGB(5, 5)).isEqualTo(0x8000ff00);
    }
}
