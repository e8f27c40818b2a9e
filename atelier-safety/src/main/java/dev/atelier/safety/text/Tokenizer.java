package dev.atelier.safety.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UScript;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a folded prompt into token positions and their variants (see {@link NormalizedText}). Words are split at
 * whitespace, then at punctuation; the pieces of one chunk ("k.i.l.l", "self-harm") also yield their join, and a
 * run of single letters ("k i l l") yields its joins of three letters or more (two for Hangul syllables) that leave
 * out nothing, one-letter words, or another word's worth of letters (see {@link #mayLeaveOut}).
 * Joins are only extra variants: the pieces stay, so "self-harm" matches "self harm" and "selfharm" alike, and a
 * term must still match a whole token, so "skill" never matches "kill".
 */
final class Tokenizer {
    /** Longest join of single letters: longer than any lexicon word, and it bounds the work per run. */
    private static final int LONGEST_JOIN = 24;
    /**
     * One-letter words of the caption languages (en a, i; es y, o; fr à; ru в, с, к; pl w, z ...), as keys. A run of
     * spaced letters is joined whole, or without up to two of these at either end: "a k i l l" → "kill", but
     * "s k i l l e t" → only "skillet", never "kill".
     */
    private static final Set<String> ONE_LETTER_WORDS = Set.of("a", "i", "o", "e", "y", "u", "à", "è", "é", "w", "z",
            "å", "ö", "в", "с", "к", "у", "и", "о", "а", "я", "з", "і", "й").stream()
            .map(TextNormalizer::key).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private Tokenizer() {
    }

    static NormalizedText tokenize(String folded) {
        var pieces = new ArrayList<String>();
        var chunkStarts = new ArrayList<Integer>();
        for (String chunk : folded.split("[\\s\\p{Z}]+")) {
            List<String> p = TextNormalizer.pieces(chunk);
            if (p.isEmpty()) continue;
            chunkStarts.add(pieces.size());
            pieces.addAll(p);
        }
        chunkStarts.add(pieces.size());
        var variants = new ArrayList<Set<NormalizedText.Variant>>();
        for (int i = 0; i < pieces.size(); i++) {
            variants.add(new LinkedHashSet<>());
            addVariants(variants.get(i), pieces.get(i), i + 1);
        }
        for (int c = 0; c + 1 < chunkStarts.size(); c++) {
            int from = chunkStarts.get(c), to = chunkStarts.get(c + 1);
            if (to - from > 1) addVariants(variants.get(from), String.join("", pieces.subList(from, to)), to);
        }
        joinSingleLetterRuns(pieces, variants);
        return new NormalizedText(variants.stream().map(s -> (List<NormalizedText.Variant>) new ArrayList<>(s)).toList(),
                unspaced(folded));
    }

    private static void addVariants(Set<NormalizedText.Variant> into, String piece, int end) {
        String core = stripSymbols(piece);
        if (!core.isEmpty()) TextNormalizer.keys(core).forEach(k -> into.add(new NormalizedText.Variant(k, end)));
        for (String decoded : Leet.decodings(piece)) {
            TextNormalizer.keys(decoded).forEach(k -> into.add(new NormalizedText.Variant(k, end)));
        }
    }

    private static void joinSingleLetterRuns(List<String> pieces, List<Set<NormalizedText.Variant>> variants) {
        int i = 0;
        while (i < pieces.size()) {
            int j = i;
            while (j < pieces.size() && isSingle(pieces.get(j))) j++;
            for (int s = i; s < j; s++) {
                if (!mayLeaveOut(pieces, i, s)) continue;
                for (int e = s + minimumRun(pieces.get(s)); e <= Math.min(j, s + LONGEST_JOIN); e++) {
                    if (mayLeaveOut(pieces, e, j)) addVariants(variants.get(s), String.join("", pieces.subList(s, e)), e);
                }
            }
            i = Math.max(j, i + 1);
        }
    }

    /**
     * Whether a join may leave pieces [from, to) of its run out: none, one-letter words ("a k i l l"), or letters
     * enough for another word ("a n u d e t e e n" holds "nude" and "teen"); not one or two stray letters, which
     * would be the rest of a longer word ("s k i l l e t" does not hold "kill").
     */
    private static boolean mayLeaveOut(List<String> pieces, int from, int to) {
        if (to - from >= 3) return true;
        for (int k = from; k < to; k++) if (!ONE_LETTER_WORDS.contains(TextNormalizer.key(pieces.get(k)))) return false;
        return true;
    }

    private static int minimumRun(String piece) {
        return UScript.getScript(piece.codePointAt(0)) == UScript.HANGUL ? 2 : 3;
    }

    private static boolean isSingle(String piece) {
        return piece.codePointCount(0, piece.length()) == 1;
    }

    private static String stripSymbols(String piece) {
        int a = 0, z = piece.length();
        while (a < z && Leet.isSymbol(piece.charAt(a))) a++;
        while (z > a && Leet.isSymbol(piece.charAt(z - 1))) z--;
        return piece.substring(a, z);
    }

    static String unspaced(String folded) {
        var out = new StringBuilder(folded.length());
        folded.codePoints().forEach(cp -> {
            int type = UCharacter.getType(cp);
            if (Character.isLetterOrDigit(cp) || type == UCharacter.NON_SPACING_MARK
                    || type == UCharacter.COMBINING_SPACING_MARK) out.appendCodePoint(cp);
        });
        return out.toString();
    }
}
