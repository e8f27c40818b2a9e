package dev.atelier.safety.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Leetspeak decoding: digits and symbols that stand for letters ({@code k1ll}, {@code s3x}, {@code @ss},
 * {@code $uicide}). Only tokens that mix letters with such characters are decoded, so numbers ("2024",
 * "4 cats") stay numbers. '1' and '!' read as 'i' or 'l', so a token may have two decodings.
 */
final class Leet {
    /** At most this many decodings per token (each ambiguous character doubles them). */
    private static final int MAX_DECODINGS = 4;

    private Leet() {
    }

    /** The symbols kept inside a token because they may stand for letters. */
    static boolean isSymbol(int cp) {
        return cp == '@' || cp == '$' || cp == '!' || cp == '+' || cp == '|' || cp == '€';
    }

    /** The decodings of a folded token, or an empty list when it is not leetspeak. */
    static List<String> decodings(String token) {
        boolean letter = false;
        boolean leet = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isLetter(c)) letter = true;
            else if (letters(c) != null) leet = true;
        }
        if (!letter || !leet) return List.of();
        var out = new ArrayList<StringBuilder>();
        out.add(new StringBuilder());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String options = letters(c);
            if (options == null || options.length() == 1 || out.size() * 2 > MAX_DECODINGS) {
                char first = options == null ? c : options.charAt(0);
                out.forEach(sb -> sb.append(first));
            } else {
                var more = new ArrayList<StringBuilder>();
                for (var sb : out) {
                    more.add(new StringBuilder(sb).append(options.charAt(1)));
                    sb.append(options.charAt(0));
                }
                out.addAll(more);
            }
        }
        return out.stream().map(StringBuilder::toString).toList();
    }

    private static String letters(char c) {
        return switch (c) {
            case '0' -> "o";
            case '1', '!', '|' -> "il";
            case '3', '€' -> "e";
            case '4', '@' -> "a";
            case '5', '$' -> "s";
            case '7', '+' -> "t";
            case '8' -> "b";
            case '9' -> "g";
            default -> null;
        };
    }
}
