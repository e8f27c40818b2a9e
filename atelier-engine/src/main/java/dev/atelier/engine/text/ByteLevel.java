package dev.atelier.engine.text;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-character map, used by byte-level BPE vocabularies (CLIP's included): every byte
 * becomes one printable character, so a vocabulary of strings can cover arbitrary UTF-8 text.
 *
 * <p>Bytes that are printable Latin-1 ({@code '!'..'~'}, {@code '¡'..'¬'}, {@code '®'..'ÿ'}) stand for
 * themselves; the other 68 bytes, in increasing order, take the characters U+0100, U+0101, and so on.
 */
final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = buildTable();

    private ByteLevel() {}

    /** The byte-level string of {@code text}: one character per byte of its UTF-8 encoding. */
    static String encode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            out[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(out);
    }

    /** The character that stands for byte {@code b} (0 to 255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    private static char[] buildTable() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) next++;
        }
        return table;
    }
}
