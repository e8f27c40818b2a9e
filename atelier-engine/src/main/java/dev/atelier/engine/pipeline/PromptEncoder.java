package dev.atelier.engine.pipeline;

import dev.atelier.engine.text.TokenizedText;
import dev.atelier.engine.text.Tokenizer;
import java.util.List;

/**
 * Prompts to text-encoder states, shared by the generators: tokenizes to the model's length, warns about truncation,
 * and keeps recent prompts' states in an {@link EmbeddingCache}. Thread-safe; owns the text encoder.
 */
final class PromptEncoder implements Prompts {
    private final Tokenizer tokenizer;
    private final TextEncoder encoder;
    private final EmbeddingCache<List<Integer>, float[]> cache;

    PromptEncoder(Tokenizer tokenizer, TextEncoder encoder, int cacheSize) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.cache = new EmbeddingCache<>(cacheSize);
    }

    /**
     * The states of a prompt and, with guidance, of its negative prompt.
     *
     * @param cond          {@code // [1, L, D]}
     * @param uncond        {@code // [1, L, D]}, null without guidance
     * @param length        L, tokens per prompt
     * @param tokenizeNanos time spent tokenizing; the rest of the call ran the encoder or read its cache
     * @param pooledCond    the prompt's pooled embedding {@code // [1, P]} (SDXL's {@code text_embeds}), or null
     * @param pooledUncond  the negative prompt's, null without guidance or without pooling
     */
    record States(float[] cond, float[] uncond, int length, long tokenizeNanos, float[] pooledCond, float[] pooledUncond) {
        States(float[] cond, float[] uncond, int length, long tokenizeNanos) {
            this(cond, uncond, length, tokenizeNanos, null, null);
        }

        /** D, the width of one token's state. */
        int width() {
            return cond.length / length;
        }
    }

    @Override
    public States encode(String prompt, String negative, boolean guided, List<String> warnings) {
        long t0 = System.nanoTime();
        int maxLen = tokenizer.modelMaxLength();
        TokenizedText cond = tokenizer.encode(prompt, maxLen);
        TokenizedText uncond = guided ? tokenizer.encode(negative, maxLen) : null;
        if (cond.truncated()) warnings.add("prompt is longer than the model's " + maxLen + " tokens and was truncated");
        if (uncond != null && uncond.truncated()) warnings.add("negative prompt was truncated to " + maxLen + " tokens");
        long tokenized = System.nanoTime() - t0;
        float[] c = cache.get(key(cond.ids()), () -> encoder.encode(cond.ids()));
        float[] u = guided ? cache.get(key(uncond.ids()), () -> encoder.encode(uncond.ids())) : null;
        return new States(c, u, cond.ids().length, tokenized);
    }

    private static List<Integer> key(int[] ids) {
        return java.util.Arrays.stream(ids).boxed().toList();
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public long encoderRuns() {
        return cache.misses();
    }

    @Override
    public long runNanos() {
        return encoder.runNanos();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
