package dev.atelier.engine.text;

/** Turns a prompt into the token ids a text encoder reads. Implementations are immutable and thread-safe. */
public interface Tokenizer {

    /**
     * Encodes {@code text} with the begin and end tokens, truncated to {@code maxLength} (the end token kept
     * last) and padded with the pad token to exactly {@code maxLength} ids.
     */
    TokenizedText encode(String text, int maxLength);

    /** Encodes without padding or truncation: begin token, the text's tokens, end token. */
    int[] encodeUnpadded(String text);

    /** The longest sequence the model reads (tokenizer_config.json's {@code model_max_length}). */
    int modelMaxLength();
}
