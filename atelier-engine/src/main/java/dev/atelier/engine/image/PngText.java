package dev.atelier.engine.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the uncompressed {@code tEXt} and {@code iTXt} chunks of a PNG (e.g. A1111's {@code parameters}). */
public final class PngText {
    private PngText() {
    }

    /** Keyword to text, in file order; throws {@link IllegalArgumentException} if {@code png} is not a PNG. */
    public static Map<String, String> read(byte[] png) {
        if (png.length < 8 || png[0] != (byte) 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new IllegalArgumentException("not a PNG file (bad signature)");
        }
        var text = new LinkedHashMap<String, String>();
        var buf = ByteBuffer.wrap(png);
        int pos = 8;
        while (pos + 8 <= png.length) {
            int len = buf.getInt(pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
            int data = pos + 8;
            if (len < 0 || data + len > png.length) throw new IllegalArgumentException("truncated PNG chunk " + type);
            byte[] body = Arrays.copyOfRange(png, data, data + len);
            if (type.equals("tEXt")) {
                int z = indexOfZero(body, 0);
                text.put(new String(body, 0, z, StandardCharsets.ISO_8859_1),
                        new String(body, z + 1, body.length - z - 1, StandardCharsets.ISO_8859_1));
            } else if (type.equals("iTXt") && body[indexOfZero(body, 0) + 1] == 0) {
                int z = indexOfZero(body, 0);
                int lang = indexOfZero(body, z + 3);
                int translated = indexOfZero(body, lang + 1);
                text.put(new String(body, 0, z, StandardCharsets.ISO_8859_1),
                        new String(body, translated + 1, body.length - translated - 1, StandardCharsets.UTF_8));
            }
            if (type.equals("IEND")) break;
            pos = data + len + 4;
        }
        return text;
    }

    private static int indexOfZero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == 0) return i;
        throw new IllegalArgumentException("malformed PNG text chunk");
    }
}
