package dev.atelier.safety.text;

import java.util.List;

/**
 * A prompt as the matcher sees it: a sequence of token positions, each with one or more matching keys
 * ({@link Variant}s: the token itself, its leetspeak decodings, letters joined back across spaces or punctuation),
 * and the unspaced text in which terms of scripts written without spaces (Han, Kana, Thai) are found as substrings.
 *
 * @param positions the variants starting at each token position, in prompt order
 * @param unspaced  the folded prompt with spaces, punctuation and symbols removed
 */
public record NormalizedText(List<List<Variant>> positions, String unspaced) {
    public NormalizedText {
        positions = positions.stream().map(List::copyOf).toList();
        if (unspaced == null) throw new IllegalArgumentException("unspaced text must not be null");
    }

    /**
     * One matching key at a position.
     *
     * @param key the normalised form compared with the terms' keys
     * @param end the position after this variant (more than one past its start when letters were joined)
     */
    public record Variant(String key, int end) {
        public Variant {
            if (key == null || key.isEmpty()) throw new IllegalArgumentException("variant key must not be empty");
            if (end < 1) throw new IllegalArgumentException("variant end must be positive, got " + end);
        }
    }
}
