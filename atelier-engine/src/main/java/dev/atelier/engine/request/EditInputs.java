package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads an edit's pictures and reference pictures (PNG, JPEG, WebP, BMP, GIF: what {@link ImageIO} reads, WebP through
 * the webp-imageio plugin) with errors naming the field and the
 * file. The mask follows the Images API's edits convention, a PNG whose alpha 0 marks the area to regenerate, and
 * also accepts a greyscale picture in which white marks it; either way the result is {@link InitImage#mask}'s grey
 * levels, 1 = regenerate.
 */
public final class EditInputs {
    private EditInputs() {
    }

    /** The start image in {@code file}. */
    public static RgbImage image(Path file) {
        return image(bytes(RequestField.INIT_IMAGE, file), file.getFileName().toString());
    }

    /** The start image in {@code data}, named {@code name} in errors. */
    public static RgbImage image(byte[] data, String name) {
        return picture(RequestField.INIT_IMAGE, data, name);
    }

    /** A reference picture in {@code file} ({@link ImageRequest#references}). */
    public static RgbImage reference(Path file) {
        return reference(bytes(RequestField.REFERENCES, file), file.getFileName().toString());
    }

    /** A reference picture in {@code data}, named {@code name} in errors (which name {@link RequestField#REFERENCES}). */
    public static RgbImage reference(byte[] data, String name) {
        return picture(RequestField.REFERENCES, data, name);
    }

    private static RgbImage picture(RequestField field, byte[] data, String name) {
        BufferedImage img = decode(field, data, name);
        int w = img.getWidth();
        int h = img.getHeight();
        boolean hasAlpha = img.getColorModel().hasAlpha();
        float[] rgb = new float[w * h * 3];
        float[] alpha = hasAlpha ? new float[w * h] : null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                int p = y * w + x;
                for (int c = 0; c < 3; c++) rgb[p * 3 + c] = ((argb >> (16 - 8 * c)) & 0xFF) / 255f;
                if (hasAlpha) alpha[p] = (argb >>> 24) / 255f;
            }
        }
        return new RgbImage(w, h, rgb, alpha);
    }

    /** The mask in {@code file}. */
    public static RgbImage mask(Path file) {
        return mask(bytes(RequestField.MASK, file), file.getFileName().toString());
    }

    /**
     * The mask in {@code data}: where it has transparent pixels, {@code 1 - alpha} (transparent = regenerate);
     * otherwise it must be greyscale and its grey level is the mask (white = regenerate).
     *
     * @throws InvalidRequestException on {@link RequestField#MASK} if it is neither
     */
    public static RgbImage mask(byte[] data, String name) {
        BufferedImage img = decode(RequestField.MASK, data, name);
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        boolean transparent = false;
        boolean grey = true;
        for (int v : argb) {
            transparent |= (v >>> 24) != 0xFF;
            grey &= ((v >> 16) & 0xFF) == ((v >> 8) & 0xFF) && ((v >> 8) & 0xFF) == (v & 0xFF);
        }
        if (!transparent && !grey) {
            throw new InvalidRequestException(RequestField.MASK, "'" + name + "' must have transparent pixels (alpha 0 marks "
                    + "the area to edit) or be greyscale (white marks it); it is an opaque colour image");
        }
        float[] m = new float[w * h * 3];
        for (int p = 0; p < argb.length; p++) {
            float v = transparent ? 1f - (argb[p] >>> 24) / 255f : (argb[p] & 0xFF) / 255f;
            m[p * 3] = m[p * 3 + 1] = m[p * 3 + 2] = v;
        }
        return new RgbImage(w, h, m);
    }

    private static byte[] bytes(RequestField field, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidRequestException(field, "cannot read " + file + ": " + reason(e));
        }
    }

    /** The most pixels an edit's picture may have (4096 × 4096): larger ones are refused before they are decoded. */
    public static final long MAX_PIXELS = 4096L * 4096L;

    private static BufferedImage decode(RequestField field, byte[] data, String name) {
        checkSize(field, data, name);
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException(field, "'" + name + "' is not a readable image: " + e.getMessage());
        }
        if (img == null) throw new InvalidRequestException(field, "'" + name + "' is not a PNG, JPEG, WebP, BMP or GIF image");
        return img;
    }

    // reads the header's dimensions only: a small file can claim a huge picture (a decompression bomb)
    private static void checkSize(RequestField field, byte[] data, String name) {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) return;  // not an image: decode says so
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new InvalidRequestException(field, "'" + name + "' is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels; at most " + MAX_PIXELS + " pixels (4096x4096) are accepted");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidRequestException(field, "'" + name + "' is not a readable image: " + e.getMessage());
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }
}
