package dev.atelier.engine.text;

/**
 * A token matched in the text as a whole before BPE, such as {@code <|endoftext|>}: an entry of
 * {@code added_tokens} in tokenizer.json.
 *
 * @param content    the token's text
 * @param id         its id
 * @param normalized whether it is matched in the normalized text (true) or the raw text (false)
 */
record AddedToken(String content, int id, boolean normalized) {
    AddedToken {
        if (content == null || content.isEmpty()) throw new IllegalArgumentException("added token content is empty");
        if (id < 0) throw new IllegalArgumentException("added token id must be >= 0, got " + id + " for " + content);
    }
}
