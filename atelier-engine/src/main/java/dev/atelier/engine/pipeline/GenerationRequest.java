package dev.atelier.engine.pipeline;

import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.sched.Scheduler;

/**
 * One text-to-image request.
 *
 * @param prompt          what to draw; not blank
 * @param negativePrompt  what to steer away from; empty for none (then guidance uses the empty prompt)
 * @param width           pixels, a positive multiple of 8 (and of the model's scale factor)
 * @param height          pixels, a positive multiple of 8 (and of the model's scale factor)
 * @param steps           inference steps, ≥ 1
 * @param guidance        classifier-free guidance scale ≥ 0; guidance is applied only above 1, as in diffusers
 * @param seed            seed of image 0; image {@code i} uses {@code seed + i}
 * @param count           images to make, 1–64
 * @param scheduler       the scheduler to sample with, or null for the package's own
 * @param initialLatents  starting noise {@code // [count, C, h, w]} before scaling by init_noise_sigma, or null to draw it
 */
public record GenerationRequest(String prompt, String negativePrompt, int width, int height, int steps,
                                double guidance, long seed, int count, Scheduler scheduler, NpyArray initialLatents) {
    public static final int MAX_COUNT = 64;

    public GenerationRequest {
        if (prompt == null || prompt.isBlank()) throw new IllegalArgumentException("prompt must not be empty");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        if (width < 8 || width % 8 != 0) throw new IllegalArgumentException("width must be a positive multiple of 8, got " + width);
        if (height < 8 || height % 8 != 0) throw new IllegalArgumentException("height must be a positive multiple of 8, got " + height);
        if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps must be in 1..1000, got " + steps);
        if (!(guidance >= 0) || guidance > 100) throw new IllegalArgumentException("guidance must be in 0..100, got " + guidance);
        if (count < 1 || count > MAX_COUNT) throw new IllegalArgumentException("number of images must be in 1.." + MAX_COUNT + ", got " + count);
    }

    /** Whether classifier-free guidance runs (diffusers: guidance_scale > 1). */
    public boolean usesGuidance() {
        return guidance > 1.0;
    }
}
