package dev.atelier.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes baseline JPEGs with ImageIO; the generation parameters go in a JPEG comment (COM) segment. */
public final class JpegEncoder {
    private JpegEncoder() {
    }

    /**
     * @param quality 1–100, as in OpenAI's {@code output_compression} inverted: 100 is best quality
     */
    public static byte[] encode(RgbImage image, String comment, int quality) {
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
        BufferedImage bi = toBufferedImage(image.overWhite());  // JPEG has no alpha
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var bytes = new ByteArrayOutputStream();
        try (var out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(bi, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return comment == null || comment.isEmpty() ? bytes.toByteArray() : withComment(bytes.toByteArray(), comment);
    }

    static BufferedImage toBufferedImage(RgbImage image) {
        var bi = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = y * image.width() + x;
                row[x] = image.byteAt(p, 0) << 16 | image.byteAt(p, 1) << 8 | image.byteAt(p, 2);
            }
            bi.setRGB(0, y, image.width(), 1, row, 0, image.width());
        }
        return bi;
    }

    // Inserts a COM segment (UTF-8, at most 65533 bytes) right after SOI.
    private static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(text.length, 65533);
        var out = new ByteArrayOutputStream(jpeg.length + n + 4);
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xFE);
        out.write((n + 2) >>> 8);
        out.write((n + 2) & 0xFF);
        out.write(text, 0, n);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
