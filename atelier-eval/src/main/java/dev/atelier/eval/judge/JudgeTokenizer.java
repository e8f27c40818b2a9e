package dev.atelier.eval.judge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The judge's text tokenizer, twin of {@code training/atelier_train/judge/text.py}: lower-cased words (runs of
 * Unicode letters, marks and numbers), then word bigrams, each hashed with 32-bit FNV-1a over its UTF-8 bytes
 * into ids {@code 1..vocab-1}; 0 pads to {@code maxTokens}.
 */
public record JudgeTokenizer(int vocab, int maxTokens) {
    public JudgeTokenizer {
        if (vocab < 2) throw new IllegalArgumentException("vocab must be ≥ 2, got " + vocab);
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be ≥ 1, got " + maxTokens);
    }

    /** Token ids of {@code text}, exactly {@code maxTokens} long. */
    public long[] encode(String text) {
        List<String> words = words(text);
        List<String> pieces = new ArrayList<>(words);
        for (int i = 0; i + 1 < words.size(); i++) pieces.add(words.get(i) + " " + words.get(i + 1));
        long[] ids = new long[maxTokens];
        for (int i = 0; i < Math.min(maxTokens, pieces.size()); i++) ids[i] = id(pieces.get(i));
        return ids;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        var cur = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        lower.codePoints().forEach(cp -> {
            if (isWordChar(cp)) {
                cur.appendCodePoint(cp);
            } else if (!cur.isEmpty()) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        });
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private static boolean isWordChar(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    private long id(String piece) {
        int h = 0x811C9DC5;
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xFF)) * 0x01000193;
        return Integer.toUnsignedLong(h) % (vocab - 1) + 1;
    }
}
