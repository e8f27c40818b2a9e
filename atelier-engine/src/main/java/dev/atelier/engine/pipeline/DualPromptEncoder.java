package dev.atelier.engine.pipeline;

import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.text.TokenizedText;
import dev.atelier.engine.text.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * SDXL's prompt encoding, after diffusers' {@code StableDiffusionXLPipeline.encode_prompt}: the prompt goes through
 * {@code tokenizer} + {@code text_encoder} (CLIP ViT-L, 768 wide) and {@code tokenizer_2} + {@code text_encoder_2}
 * (OpenCLIP ViT-bigG, 1280 wide); each encoder's penultimate hidden states are concatenated token by token into the
 * UNet's {@code encoder_hidden_states // [1, 77, 2048]}, and the second encoder's projected {@code text_embeds
 * // [1, 1280]} is the pooled embedding. With guidance and no negative prompt, a package whose {@code model_index.json}
 * sets {@code force_zeros_for_empty_prompt} (SDXL's default) gets zeros for the negative states and pooled embedding
 * rather than the empty prompt's encoding. Thread-safe; owns both encoders.
 */
final class DualPromptEncoder implements Prompts {
    private final Tokenizer tokenizer;
    private final Tokenizer tokenizer2;
    private final TextEncoder encoder;
    private final TextEncoder encoder2;
    private final boolean zerosForEmptyNegative;
    private final EmbeddingCache<List<Integer>, TextEncoder.Encoded> cache;

    /** @param zerosForEmptyNegative the package's {@code force_zeros_for_empty_prompt} */
    DualPromptEncoder(Tokenizer tokenizer, TextEncoder encoder, Tokenizer tokenizer2, TextEncoder encoder2,
                      boolean zerosForEmptyNegative, int cacheSize) {
        if (tokenizer.modelMaxLength() != tokenizer2.modelMaxLength()) {
            throw new ModelPackageException(encoder2.file(), "the two tokenizers must make sequences of one length, got "
                    + tokenizer.modelMaxLength() + " and " + tokenizer2.modelMaxLength() + " (model_max_length)");
        }
        this.tokenizer = tokenizer;
        this.tokenizer2 = tokenizer2;
        this.encoder = encoder;
        this.encoder2 = encoder2;
        this.zerosForEmptyNegative = zerosForEmptyNegative;
        this.cache = new EmbeddingCache<>(cacheSize);
    }

    @Override
    public PromptEncoder.States encode(String prompt, String negative, boolean guided, List<String> warnings) {
        long t0 = System.nanoTime();
        int maxLen = tokenizer.modelMaxLength();
        TokenizedText[] cond = {tokenizer.encode(prompt, maxLen), tokenizer2.encode(prompt, maxLen)};
        boolean zeros = guided && negative.isEmpty() && zerosForEmptyNegative;
        TokenizedText[] uncond = guided && !zeros
                ? new TokenizedText[] {tokenizer.encode(negative, maxLen), tokenizer2.encode(negative, maxLen)} : null;
        if (cond[0].truncated() || cond[1].truncated()) {
            warnings.add("prompt is longer than the model's " + maxLen + " tokens and was truncated");
        }
        if (uncond != null && (uncond[0].truncated() || uncond[1].truncated())) {
            warnings.add("negative prompt was truncated to " + maxLen + " tokens");
        }
        long tokenized = System.nanoTime() - t0;
        TextEncoder.Encoded c = cache.get(key(cond), () -> run(cond));
        TextEncoder.Encoded u = !guided ? null : zeros
                ? new TextEncoder.Encoded(new float[c.states().length], new float[c.pooled().length])
                : cache.get(key(uncond), () -> run(uncond));
        return new PromptEncoder.States(c.states(), u == null ? null : u.states(), maxLen, tokenized, c.pooled(),
                u == null ? null : u.pooled());
    }

    // [1, L, D1] and [1, L, D2] concatenated token by token to [1, L, D1 + D2]; the second encoder's pooled embedding
    private TextEncoder.Encoded run(TokenizedText[] ids) {
        float[] first = encoder.encode(ids[0].ids());  // [1, L, D1]
        TextEncoder.Encoded second = encoder2.encodeAll(ids[1].ids());  // [1, L, D2], [1, P]
        int length = ids[0].ids().length;
        int d1 = first.length / length;
        int d2 = second.states().length / length;
        float[] out = new float[length * (d1 + d2)];
        for (int l = 0; l < length; l++) {
            System.arraycopy(first, l * d1, out, l * (d1 + d2), d1);
            System.arraycopy(second.states(), l * d2, out, l * (d1 + d2) + d1, d2);
        }
        return new TextEncoder.Encoded(out, second.pooled());
    }

    private static List<Integer> key(TokenizedText[] ids) {
        // the two sequences, separated by −1 (no token id)
        return IntStream.concat(IntStream.concat(Arrays.stream(ids[0].ids()), IntStream.of(-1)), Arrays.stream(ids[1].ids()))
                .boxed().toList();
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
        return encoder.runNanos() + encoder2.runNanos();
    }

    @Override
    public void close() {
        encoder.close();
        encoder2.close();
    }
}
