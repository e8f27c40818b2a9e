package dev.atelier.engine.text;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The settings a tokenizer folder's {@code tokenizer_config.json} gives: the longest sequence and the special
 * tokens by their text. Keys that are absent take CLIP's values ({@link #CLIP}).
 *
 * @param modelMaxLength the longest sequence the text encoder reads, in tokens (at least 2)
 * @param bosToken       the token put first ({@code bos_token})
 * @param eosToken       the token put last ({@code eos_token})
 * @param padToken       the token that fills up to the requested length ({@code pad_token})
 * @param unkToken       the token for characters missing from the vocabulary ({@code unk_token})
 */
public record TokenizerConfig(int modelMaxLength, String bosToken, String eosToken, String padToken,
                              String unkToken) {

    /** CLIP's settings (Stable Diffusion 1.x): 77 tokens, start/end of text, padding and unknown with end. */
    public static final TokenizerConfig CLIP =
            new TokenizerConfig(77, "<|startoftext|>", "<|endoftext|>", "<|endoftext|>", "<|endoftext|>");

    // transformers writes this (about 1e30) when a tokenizer sets no limit.
    private static final double NO_LIMIT = 1e18;

    public TokenizerConfig {
        if (modelMaxLength < 2) {
            throw new IllegalArgumentException("modelMaxLength must be at least 2 (begin and end tokens), got "
                    + modelMaxLength);
        }
        requireToken("bosToken", bosToken);
        requireToken("eosToken", eosToken);
        requireToken("padToken", padToken);
        requireToken("unkToken", unkToken);
    }

    private static void requireToken(String name, String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty, got " + (token == null ? "null" : "''"));
        }
    }

    /**
     * Reads the settings from a parsed {@code tokenizer_config.json}. Tokens may be strings or objects with a
     * {@code content} field; a missing or null key takes CLIP's value (the pad token falls back to the end
     * token); a {@code model_max_length} meaning "no limit" takes 77.
     *
     * @throws IllegalArgumentException if a value has the wrong type or is out of range, naming the key
     */
    static TokenizerConfig fromJson(JsonNode root) {
        if (!root.isObject()) throw new IllegalArgumentException("expected a JSON object, got " + root.getNodeType());
        int maxLength = CLIP.modelMaxLength();
        JsonNode len = root.get("model_max_length");
        if (len != null && !len.isNull()) {
            if (!len.isNumber()) throw new IllegalArgumentException("model_max_length must be a number, got " + len);
            if (len.doubleValue() < NO_LIMIT) {
                if (!len.canConvertToInt() || len.doubleValue() != len.intValue()) {
                    throw new IllegalArgumentException("model_max_length must be a whole number, got " + len);
                }
                maxLength = len.intValue();
            }
        }
        String eos = token(root, "eos_token", CLIP.eosToken());
        return new TokenizerConfig(maxLength, token(root, "bos_token", CLIP.bosToken()), eos,
                token(root, "pad_token", eos), token(root, "unk_token", CLIP.unkToken()));
    }

    private static String token(JsonNode root, String key, String fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) return fallback;
        if (node.isTextual()) return node.asText();
        if (node.isObject() && node.path("content").isTextual()) return node.get("content").asText();
        throw new IllegalArgumentException(key + " must be a string or an object with 'content', got " + node);
    }
}
