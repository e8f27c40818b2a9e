package dev.atelier.engine.pipeline;

import dev.atelier.engine.text.Tokenizer;
import java.util.List;

/**
 * Prompts to the text states a denoiser reads: one text encoder ({@link PromptEncoder}: Stable Diffusion 1.x/2.x, LCM,
 * Atelier's models) or SDXL's two ({@link DualPromptEncoder}). Thread-safe; owns its encoders.
 */
sealed interface Prompts extends AutoCloseable permits PromptEncoder, DualPromptEncoder {
    /** Encodes {@code prompt} and, when {@code guided}, {@code negative}; truncations are added to {@code warnings}. */
    PromptEncoder.States encode(String prompt, String negative, boolean guided, List<String> warnings);

    /** The (first) tokenizer. */
    Tokenizer tokenizer();

    /** How many prompts the text encoders have run on (cache misses). */
    long encoderRuns();

    /** Time spent inside ONNX Runtime by the encoders. */
    long runNanos();

    @Override
    void close();
}
