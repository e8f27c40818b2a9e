package dev.atelier.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNGs, or RGBA (straight alpha) for an image with an alpha plane (ISO/IEC 15948), with text chunks. Text that Latin-1 can hold goes in a {@code tEXt}
 * chunk, other text in an uncompressed {@code iTXt} (UTF-8) chunk, as PIL's {@code PngInfo.add_text} does, so
 * AUTOMATIC1111-style readers find the {@code parameters} key either way. Output is deterministic.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    public static byte[] encode(RgbImage image, Map<String, String> text) {
        var out = new ByteArrayOutputStream(image.width() * image.height() + 1024);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, image.width());
        putInt(ihdr, 4, image.height());
        ihdr[8] = 8;  // bit depth
        ihdr[9] = (byte) (image.hasAlpha() ? 6 : 2);  // colour type: truecolour with alpha, or truecolour
        chunk(out, "IHDR", ihdr);
        text.forEach((key, value) -> chunk(out, textChunkType(value), textChunk(key, value)));
        chunk(out, "IDAT", compress(filteredScanlines(image)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static String textChunkType(String value) {
        return StandardCharsets.ISO_8859_1.newEncoder().canEncode(value) ? "tEXt" : "iTXt";
    }

    private static byte[] textChunk(String key, String value) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1));
        b.write(0);
        if (textChunkType(value).equals("tEXt")) {
            b.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            b.write(0);  // compression flag: none
            b.write(0);  // compression method
            b.write(0);  // empty language tag
            b.write(0);  // empty translated keyword
            b.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    // Each scanline with filter type 1 (Sub): cheap and compresses flat regions well.
    private static byte[] filteredScanlines(RgbImage image) {
        int w = image.width();
        int h = image.height();
        int channels = image.hasAlpha() ? 4 : 3;
        int stride = w * channels + 1;
        byte[] raw = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            raw[row] = 1;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int p = y * w + x;
                    int v = value(image, p, c);
                    int left = x > 0 ? value(image, p - 1, c) : 0;
                    raw[row + 1 + x * channels + c] = (byte) (v - left);
                }
            }
        }
        return raw;
    }

    private static int value(RgbImage image, int p, int c) {
        return c == 3 ? image.alphaByteAt(p) : image.byteAt(p, c);
    }

    private static byte[] compress(byte[] data) {
        var deflater = new Deflater(6);
        try {
            deflater.setInput(data);
            deflater.finish();
            var out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
