package dev.atelier.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Text chunks of a PNG (PNG spec, section 11.3.4): reads the text the engine writes (A1111's {@code parameters},
 * Latin-1 {@code tEXt} or UTF-8 {@code iTXt}, plain or zlib-compressed), and strips
 * every text and time chunk ({@code tEXt}, {@code zTXt}, {@code iTXt}, {@code tIME}) so that an arena image says
 * nothing about who made it. The pixels and their chunks are copied byte for byte.
 */
public final class PngText {
    private static final int MAX_TEXT = 1 << 20;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngText() {
    }

    public static boolean isPng(byte[] png) {
        return png.length >= 8 && Arrays.equals(png, 0, 8, SIGNATURE, 0, 8);
    }

    /** Keyword to text of every readable text chunk, in file order; {@link IllegalArgumentException} if not a PNG. */
    public static Map<String, String> read(byte[] png) {
        if (!isPng(png)) throw new IllegalArgumentException("not a PNG file (bad signature)");
        var text = new LinkedHashMap<String, String>();
        ByteBuffer b = ByteBuffer.wrap(png);
        int pos = 8;
        while (pos + 12 <= png.length) {
            int len = b.getInt(pos);
            if (len < 0 || pos + 12L + len > png.length) break;
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int start = pos + 8;
            int end = start + len;
            if (type.equals("tEXt") || type.equals("iTXt")) {
                int zero = indexOfNul(png, start, end);
                if (zero < end) {
                    String keyword = new String(png, start, zero - start, StandardCharsets.ISO_8859_1);
                    Optional<String> value = type.equals("tEXt")
                            ? Optional.of(new String(png, zero + 1, end - zero - 1, StandardCharsets.ISO_8859_1))
                            : international(png, zero + 1, end);
                    value.ifPresent(v -> text.putIfAbsent(keyword, v));
                }
            }
            if (type.equals("IEND")) break;
            pos += 12 + len;
        }
        return text;
    }

    /** The text under {@code keyword}, if {@code png} is a PNG that has one. */
    public static Optional<String> read(byte[] png, String keyword) {
        return isPng(png) ? Optional.ofNullable(read(png).get(keyword)) : Optional.empty();
    }

    // iTXt after the keyword: compression flag, compression method, language tag\0, translated keyword\0, text
    private static Optional<String> international(byte[] png, int at, int end) {
        if (at + 2 > end) return Optional.empty();
        int flag = png[at];
        int method = png[at + 1];
        int lang = indexOfNul(png, at + 2, end);
        int translated = indexOfNul(png, lang + 1, end);
        if (translated >= end) return Optional.empty();
        int from = translated + 1;
        if (flag == 0) return Optional.of(new String(png, from, end - from, StandardCharsets.UTF_8));
        if (flag != 1 || method != 0) return Optional.empty();
        var inflater = new Inflater();
        try {
            inflater.setInput(png, from, end - from);
            var out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) return Optional.empty();
                out.write(buf, 0, n);
                if (out.size() > MAX_TEXT) return Optional.empty();
            }
            return Optional.of(out.toString(StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            return Optional.empty();
        } finally {
            inflater.end();
        }
    }

    private static int indexOfNul(byte[] png, int from, int end) {
        int i = from;
        while (i < end && png[i] != 0) i++;
        return i;
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
