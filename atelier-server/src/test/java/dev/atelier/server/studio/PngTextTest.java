package dev.atelier.server.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Reading and stripping the engine's {@code parameters} text chunk. */
class PngTextTest {
    static byte[] png() {
        float[] px = new float[8 * 8 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (i % 7) / 7f;
        return ImageEncoder.encode(new RgbImage(8, 8, px), ImageFormat.PNG,
                new GenerationParameters("a cat", "", 2, "Euler", 7.5, 7, 8, 8, "secret-model"), 100);
    }

    @Test
    void readsTheParametersChunk() {
        assertThat(PngText.read(png(), "parameters")).hasValueSatisfying(t -> assertThat(t).contains("Model: secret-model"));
    }

    @Test
    void strippingRemovesTheTextButKeepsThePixels() throws Exception {
        byte[] in = png();
        byte[] out = PngText.strip(in);
        assertThat(PngText.read(out, "parameters")).isEmpty();
        assertThat(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("secret-model").doesNotContain("tEXt");
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(in));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(out));
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
    }
}
