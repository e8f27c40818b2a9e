package dev.atelier.engine.library;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How retrieval reads text (docs/model-package.md, "Retrieval"), the same as {@code atelier_train.retrieval}: the
 * normal form that prompts and names are compared in, and which names match inside words.
 */
public final class PromptText {
    // Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, CJK radicals and ideographs, kana):
    // a name with one of these characters matches anywhere in a prompt. Inclusive code point ranges.
    private static final int[][] UNSPACED = {{0x0E00, 0x0EFF}, {0x1000, 0x109F}, {0x1780, 0x17FF}, {0x2E80, 0x2FDF},
            {0x3005, 0x3007}, {0x3021, 0x3029}, {0x3038, 0x303C}, {0x3040, 0x30FF}, {0x31F0, 0x31FF}, {0x3400, 0x4DBF},
            {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x3FFFF}};

    private PromptText() {
    }

    /**
     * NFKC, lower case, every character that is not a letter, number or mark (general category L*, N*, M*) a space,
     * and so is a variation selector, runs of spaces as one, no space at either end.
     */
    public static String normalize(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        var out = new StringBuilder(lower.length());
        boolean space = true; // at the start, or after a space: a further space is dropped
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (kept(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int n = out.length();
        return n > 0 && out.charAt(n - 1) == ' ' ? out.substring(0, n - 1) : out.toString();
    }

    /** Whether a normalised name holds a character of a script written without spaces, so it matches inside words. */
    public static boolean isUnspaced(String name) {
        return name.codePoints().anyMatch(cp -> {
            for (int[] r : UNSPACED) {
                if (cp >= r[0] && cp <= r[1]) return true;
            }
            return false;
        });
    }

    /**
     * A user's name for an entry as it is stored and shown: NFKC, every separator or control character (general
     * category Z* or Cc) a space, runs of spaces as one, trimmed; case and punctuation are kept.
     */
    public static String cleanName(String name) {
        String text = Normalizer.normalize(name, Normalizer.Form.NFKC);
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean blank = switch (Character.getType(cp)) {
                case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                     Character.CONTROL -> true;
                default -> false;
            };
            if (!blank) out.appendCodePoint(cp);
            else if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') out.append(' ');
        }
        int n = out.length();
        return n > 0 && out.charAt(n - 1) == ' ' ? out.substring(0, n - 1) : out.toString();
    }

    private static boolean kept(int cp) {
        if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)) return false; // variation selectors
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }
}
