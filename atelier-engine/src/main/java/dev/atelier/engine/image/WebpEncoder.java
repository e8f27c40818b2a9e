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

/**
 * Writes WebP through ImageIO's WebP plugin ({@code com.github.usefulness:webp-imageio}, which bundles libwebp):
 * quality 100 is lossless (every pixel kept, as PNG), below it lossy VP8 at that quality. A transparent image keeps its
 * alpha in both (libwebp stores a lossy image's alpha plane losslessly). No parameters text: WebP has no place for
 * A1111's {@code parameters} that the usual readers look in.
 */
public final class WebpEncoder {
    private static final String MEDIA_TYPE = "image/webp";

    private WebpEncoder() {
    }

    /** @param quality 1–100 (OpenAI's {@code output_compression}): 100 lossless, else lossy at that quality */
    public static byte[] encode(RgbImage image, int quality) {
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("WebP quality must be in 1..100, got " + quality);
        var writers = ImageIO.getImageWritersByMIMEType(MEDIA_TYPE);
        if (!writers.hasNext()) throw new IllegalStateException("no ImageIO writer for WebP: webp-imageio is not on the class path");
        ImageWriter writer = writers.next();
        var bytes = new ByteArrayOutputStream();
        try (var out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            boolean lossless = quality == 100;
            param.setCompressionType(param.getCompressionTypes()[lossless ? 1 : 0]);  // {"Lossy", "Lossless"}
            if (!lossless) param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(toBufferedImage(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("WebP encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // straight (non-premultiplied) ARGB when the image has alpha, else RGB
    private static BufferedImage toBufferedImage(RgbImage image) {
        int w = image.width();
        var bi = new BufferedImage(w, image.height(), image.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                row[x] = image.alphaByteAt(p) << 24 | image.byteAt(p, 0) << 16 | image.byteAt(p, 1) << 8 | image.byteAt(p, 2);
            }
            bi.setRGB(0, y, w, 1, row, 0, w);
        }
        return bi;
    }
}
