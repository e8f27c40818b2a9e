package dev.atelier.safety.text;

import com.ibm.icu.lang.UScript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds terms (words or phrases, any language) in a {@link NormalizedText}. Immutable and thread-safe; shared by
 * the lexicon classifier and the operator blocklists, so both see through the same obfuscations.
 *
 * <p>Word-boundary rules, by the script of the term:
 * <ul>
 *   <li>Latin, Cyrillic, Greek, Devanagari, Bengali and the like: every word of the term must equal a whole token
 *       ("kill" does not match "skill", "rapist" does not match "therapist"); a word that ends in {@code *} is a
 *       stem and matches any token that starts with it ("suicid*": suicide, suicidal, suicidio);</li>
 *   <li>a word {@code ~} stands for zero to three tokens ("slit* ~ wrists": "slitting his wrists");</li>
 *   <li>Hangul: a stem by default, because Korean attaches particles to the word ("자살" matches "자살을");</li>
 *   <li>Han, Kana, Thai: a substring of the unspaced prompt, since these scripts do not separate words.</li>
 * </ul>
 *
 * @param <T> what a term carries (a lexicon entry, an operator's original term)
 */
final class PhraseIndex<T> {
    /** One compiled term: its words (or, unspaced, one key) and its payload. */
    private record Pattern<T>(List<String> words, List<Boolean> stems, T payload) {
    }

    /** Where a term was found: token positions [start, end), or character offsets in the unspaced text. */
    record Match<T>(T payload, boolean unspaced, int start, int end) {
        boolean within(Match<?> other) {
            return unspaced == other.unspaced && start >= other.start && end <= other.end;
        }

        /** Whether this match's first word lies inside {@code other} (its trigger word is used in that phrase). */
        boolean startsIn(Match<?> other) {
            return unspaced == other.unspaced && start >= other.start && start < other.end;
        }
    }

    /** A word of a term that stands for up to {@value #MAX_GAP} tokens: "cut* ~ wrists" matches "cutting her wrists". */
    static final String GAP = "~";
    private static final int MAX_GAP = 3;

    private final Map<String, List<Pattern<T>>> byFirstWord = new HashMap<>();
    private final Map<String, List<Pattern<T>>> byFirstStem = new HashMap<>();
    private final List<Pattern<T>> unspacedTerms = new ArrayList<>();
    private int longestStem;

    /**
     * @param terms term text (as written by a person: any case, diacritics, a trailing {@code *} for a stem)
     *              and its payload
     * @throws IllegalArgumentException when a term has nothing left to match after normalisation
     */
    PhraseIndex(Map<String, List<T>> terms) {
        terms.forEach((text, payloads) -> payloads.forEach(p -> add(text, p)));
    }

    private void add(String text, T payload) {
        String folded = TextNormalizer.fold(text);
        if (folded.codePoints().anyMatch(TextNormalizer::isUnspacedScript)) {
            String key = Tokenizer.unspaced(folded);
            unspacedTerms.add(new Pattern<>(List.of(key), List.of(false), payload));
            return;
        }
        var words = new ArrayList<String>();
        var stems = new ArrayList<Boolean>();
        for (String chunk : folded.trim().split("[\\s\\p{Z}]+")) {
            if (chunk.equals(GAP)) {
                if (words.isEmpty()) throw new IllegalArgumentException("term '" + text + "' must not start with " + GAP);
                words.add(GAP);
                stems.add(false);
                continue;
            }
            boolean stem = chunk.endsWith("*");
            List<String> pieces = TextNormalizer.pieces(stem ? chunk.substring(0, chunk.length() - 1) : chunk);
            for (int i = 0; i < pieces.size(); i++) {
                String key = TextNormalizer.key(pieces.get(i));
                words.add(key);
                stems.add((stem && i == pieces.size() - 1) || UScript.getScript(key.codePointAt(0)) == UScript.HANGUL);
            }
        }
        if (words.isEmpty()) throw new IllegalArgumentException("term '" + text + "' has no letters or digits to match");
        var pattern = new Pattern<>(List.copyOf(words), List.copyOf(stems), payload);
        if (stems.getFirst()) {
            byFirstStem.computeIfAbsent(words.getFirst(), k -> new ArrayList<>()).add(pattern);
            longestStem = Math.max(longestStem, words.getFirst().length());
        } else {
            byFirstWord.computeIfAbsent(words.getFirst(), k -> new ArrayList<>()).add(pattern);
        }
    }

    /** Every occurrence of every term, at most one per term and start position. */
    List<Match<T>> find(NormalizedText text) {
        var out = new ArrayList<Match<T>>();
        var positions = text.positions();
        for (int start = 0; start < positions.size(); start++) {
            for (var variant : positions.get(start)) {
                String key = variant.key();
                for (var p : byFirstWord.getOrDefault(key, List.of())) matchRest(p, positions, start, variant.end(), out);
                for (int n = Math.min(key.length(), longestStem); n >= 1; n--) {
                    for (var p : byFirstStem.getOrDefault(key.substring(0, n), List.of())) {
                        matchRest(p, positions, start, variant.end(), out);
                    }
                }
            }
        }
        for (var p : unspacedTerms) {
            String key = p.words().getFirst();
            for (int at = text.unspaced().indexOf(key); at >= 0; at = text.unspaced().indexOf(key, at + 1)) {
                out.add(new Match<>(p.payload(), true, at, at + key.length()));
            }
        }
        return out;
    }

    private void matchRest(Pattern<T> p, List<List<NormalizedText.Variant>> positions, int start, int next, List<Match<T>> out) {
        int end = rest(p, 1, positions, next);
        if (end < 0) return;
        for (var m : out) if (m.payload() == p.payload() && m.start() == start && !m.unspaced()) return;
        out.add(new Match<>(p.payload(), false, start, end));
    }

    /** The end position when words [word..] of the pattern match from position {@code at}, else -1. */
    private static int rest(Pattern<?> p, int word, List<List<NormalizedText.Variant>> positions, int at) {
        if (word == p.words().size()) return at;
        if (p.words().get(word).equals(GAP)) {
            for (int skip = 0; skip <= MAX_GAP && at + skip <= positions.size(); skip++) {
                int end = rest(p, word + 1, positions, at + skip);
                if (end >= 0) return end;
            }
            return -1;
        }
        if (at >= positions.size()) return -1;
        for (var v : positions.get(at)) {
            boolean hit = p.stems().get(word) ? v.key().startsWith(p.words().get(word)) : v.key().equals(p.words().get(word));
            if (hit) {
                int end = rest(p, word + 1, positions, v.end());
                if (end >= 0) return end;
            }
        }
        return -1;
    }

    /** Number of terms indexed. */
    int size() {
        return byFirstWord.values().stream().mapToInt(List::size).sum()
                + byFirstStem.values().stream().mapToInt(List::size).sum() + unspacedTerms.size();
    }
}
