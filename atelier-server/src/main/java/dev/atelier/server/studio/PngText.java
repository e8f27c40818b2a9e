package dev.atelier.server.studio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Text chunks of a PNG (PNG spec, section 11.3.4): reads the {@code parameters} text the engine writes, and strips
 * every text and time chunk ({@code tEXt}, {@code zTXt}, {@code iTXt}, {@code tIME}) so that an arena image says
 * nothing about who made it. The pixels and their chunks are copied byte for byte.
 */
public final class PngText {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngText() {
    }

    public static boolean isPng(byte[] png) {
        return png.length >= 8 && Arrays.equals(png, 0, 8, SIGNATURE, 0, 8);
    }

    /** The Latin-1 {@code tEXt} value under {@code keyword}, if the PNG has one. */
    public static Optional<String> read(byte[] png, String keyword) {
        if (!isPng(png)) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(png);
        int pos = 8;
        while (pos + 12 <= png.length) {
            int len = b.getInt(pos);
            if (len < 0 || pos + 12L + len > png.length) break;
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("tEXt")) {
                int start = pos + 8;
                int zero = start;
                while (zero < start + len && png[zero] != 0) zero++;
                String key = new String(png, start, zero - start, StandardCharsets.ISO_8859_1);
                if (key.equals(keyword) && zero < start + len) {
                    return Optional.of(new String(png, zero + 1, start + len - zero - 1, StandardCharsets.ISO_8859_1));
                }
            }
            if (type.equals("IEND")) break;
            pos += 12 + len;
        }
        return Optional.empty();
    }

    /** The PNG without its text and time chunks. */
    public static byte[] strip(byte[] png) {
        if (!isPng(png)) throw new IllegalArgumentException("not a PNG");
        ByteBuffer b = ByteBuffer.wrap(png);
        var out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, 8);
        int pos = 8;
        while (pos + 12 <= png.length) {
            int len = b.getInt(pos);
            if (len < 0 || pos + 12L + len > png.length) throw new IllegalArgumentException("truncated PNG chunk at byte " + pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            boolean drop = type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt") || type.equals("tIME");
            if (!drop) out.write(png, pos, 12 + len);
            pos += 12 + len;
            if (type.equals("IEND")) break;
        }
        return out.toByteArray();
    }
}
