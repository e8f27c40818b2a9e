package dev.atelier.engine.text;

/**
 * A tokenized prompt.
 *
 * @param ids       exactly the requested length: begin token, tokens, end token, then padding
 * @param length    how many ids are not padding (begin and end included)
 * @param truncated whether tokens were dropped to fit; callers warn the user
 */
public record TokenizedText(int[] ids, int length, boolean truncated) {
    public TokenizedText {
        if (length < 0 || length > ids.length) {
            throw new IllegalArgumentException("length must be in [0, " + ids.length + "], got " + length);
        }
    }
}
