package dev.atelier.server.arena;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * A battle's two images as the page sees them before the vote: the same pixel size, the same colour type and the
 * same byte count, so that nothing but the pixels tells the sides apart.
 *
 * <p>Any compression makes a file's size a function of its content, and contestants differ in how compressible
 * their pictures are (a blurry 64-pixel drawing enlarged against a sharp one: 2–5 KB against 22–28 KB as PNG).
 * Padding the smaller file to the larger still tells the pair's bigger size. So both are written as PNGs whose
 * deflate stream is stored, not compressed (RFC 1951 §3.2.4, block type 00), every row with filter 0: the length is
 * then a function of width, height and channels only. A side whose size differs is scaled (bicubic) to the larger
 * size; an alpha channel is kept for both when either has one. 256 × 256 RGB is 197 KB a side.
 *
 * @param a side A's PNG
 * @param b side B's PNG, as long as {@code a}
 */
public record BlindPair(byte[] a, byte[] b) {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int STORED_BLOCK = 65_535;

    public BlindPair {
        if (a.length != b.length) throw new IllegalArgumentException("a blind pair's sides must be equally long: " + a.length + " and " + b.length);
    }

    /** Decodes both stored PNGs and writes them again as described above. */
    public static BlindPair of(byte[] pngA, byte[] pngB) {
        BufferedImage a = decode(pngA);
        BufferedImage b = decode(pngB);
        int w = Math.max(a.getWidth(), b.getWidth());
        int h = Math.max(a.getHeight(), b.getHeight());
        boolean alpha = a.getColorModel().hasAlpha() || b.getColorModel().hasAlpha();
        return new BlindPair(encode(scaled(a, w, h), alpha), encode(scaled(b, w, h), alpha));
    }

    /** The side's bytes, {@code 'a'} or {@code 'b'}. */
    public byte[] side(char side) {
        return switch (side) {
            case 'a' -> a;
            case 'b' -> b;
            default -> throw new IllegalArgumentException("a side is 'a' or 'b', got '" + side + "'");
        };
    }

    private static BufferedImage decode(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null) throw new IllegalArgumentException("an arena image is not a readable PNG");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) return img;
        var out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** An 8-bit RGB or RGBA PNG with filter 0 on every row and a stored (uncompressed) zlib stream. */
    static byte[] encode(BufferedImage img, boolean alpha) {
        int w = img.getWidth();
        int h = img.getHeight();
        int channels = alpha ? 4 : 3;
        byte[] raw = new byte[h * (1 + w * channels)];  // [h, 1 filter byte + w * channels]
        int[] row = new int[w];
        int p = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            raw[p++] = 0;
            for (int argb : row) {
                raw[p++] = (byte) (argb >>> 16);
                raw[p++] = (byte) (argb >>> 8);
                raw[p++] = (byte) argb;
                if (alpha) raw[p++] = (byte) (argb >>> 24);
            }
        }
        var out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        var ihdr = new ByteArrayOutputStream();
        int32(ihdr, w);
        int32(ihdr, h);
        ihdr.writeBytes(new byte[] {8, (byte) (alpha ? 6 : 2), 0, 0, 0});  // depth 8, RGB(A), deflate, filter 0, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", stored(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] stored(byte[] raw) {
        var z = new ByteArrayOutputStream();
        z.write(0x78);
        z.write(0x01);
        int off = 0;
        do {
            int len = Math.min(STORED_BLOCK, raw.length - off);
            boolean last = off + len == raw.length;
            z.write(last ? 1 : 0);
            z.write(len & 0xff);
            z.write(len >>> 8);
            z.write(~len & 0xff);
            z.write((~len >>> 8) & 0xff);
            z.write(raw, off, len);
            off += len;
        } while (off < raw.length);
        var adler = new Adler32();
        adler.update(raw);
        int32(z, (int) adler.getValue());
        return z.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        int32(out, data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        var crc = new CRC32();
        crc.update(t);
        crc.update(data);
        int32(out, (int) crc.getValue());
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
