package dev.atelier.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void readsTheEnginesInternationalChunkForANonLatin1Prompt() {
        float[] px = new float[8 * 8 * 3];
        byte[] png = ImageEncoder.encode(new RgbImage(8, 8, px), ImageFormat.PNG,
                new GenerationParameters("一只猫 🐱", "", 2, "Euler", 7.5, 7, 8, 8, "m"), 100);
        assertThat(new String(png, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("iTXt");
        assertThat(PngText.read(png, "parameters")).hasValueSatisfying(t -> assertThat(t).startsWith("一只猫 🐱"));
    }

    @Test
    void readsACompressedInternationalChunk() throws Exception {
        String text = "ein Hund, ça va — 犬";
        var z = new java.io.ByteArrayOutputStream();
        try (var d = new java.util.zip.DeflaterOutputStream(z)) {
            d.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var data = new java.io.ByteArrayOutputStream();
        data.write("parameters".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        data.write(new byte[] {0, 1, 0});           // NUL, compressed, zlib
        data.write("de".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        data.write(new byte[] {0, 0});              // language tag and an empty translated keyword end
        data.write(z.toByteArray());
        byte[] png = withChunk(PngText.strip(png()), "iTXt", data.toByteArray());
        assertThat(PngText.read(png, "parameters")).hasValue(text);
    }

    // inserts a chunk after IHDR (CRC left zero: the reader does not check it)
    static byte[] withChunk(byte[] png, String type, byte[] data) {
        int ihdrEnd = 8 + 12 + 13;
        var b = java.nio.ByteBuffer.allocate(png.length + 12 + data.length);
        b.put(png, 0, ihdrEnd).putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data).putInt(0);
        b.put(png, ihdrEnd, png.length - ihdrEnd);
        return b.array();
    }
}
