package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.sched.Scheduler;
import java.util.List;

/**
 * A resolved request: every value concrete and checked against the model by {@link RequestResolver}, which is
 * the one place that makes these outside tests. Generators run it as it is.
 *
 * @param prompt          what to draw; not blank
 * @param negativePrompt  what to steer away from; empty for none (then guidance uses the empty prompt)
 * @param width           pixels
 * @param height          pixels
 * @param steps           inference steps, ≥ 1
 * @param guidance        classifier-free guidance scale ≥ 0; guidance is applied only above 1, as in diffusers
 * @param seed            seed of image 0; image {@code i} uses {@code seed + i}
 * @param count           images to make, 1–{@link RequestLimits#MAX_COUNT}
 * @param scheduler       the scheduler to sample with, or null for the package's own
 * @param initialLatents  starting noise {@code // [count, C, h, w]} before scaling by init_noise_sigma, or null to draw it
 * @param init            the image to start from, or null for text-to-image
 * @param transparent     whether the images get a transparent background (an alpha channel); only for a model
 *                        that draws alpha
 * @param references      reference pictures the model draws from (a retrieval model's slots), in order; empty for none
 */
public record GenerationRequest(String prompt, String negativePrompt, int width, int height, int steps,
                                double guidance, long seed, int count, Scheduler scheduler, NpyArray initialLatents,
                                InitImage init, boolean transparent, List<RgbImage> references) {
    public GenerationRequest {
        references = references == null ? List.of() : List.copyOf(references);
        if (prompt == null || prompt.isBlank()) throw new IllegalArgumentException("prompt must not be empty");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (steps < 1) throw new IllegalArgumentException("steps must be ≥ 1, got " + steps);
        if (!(guidance >= 0)) throw new IllegalArgumentException("guidance must be ≥ 0, got " + guidance);
        if (count < 1 || count > RequestLimits.MAX_COUNT) {
            throw new IllegalArgumentException("number of images must be in 1.." + RequestLimits.MAX_COUNT + ", got " + count);
        }
    }

    /** A text-to-image request (tests and reference runs; everything else goes through the resolver). */
    public GenerationRequest(String prompt, String negativePrompt, int width, int height, int steps, double guidance,
                             long seed, int count, Scheduler scheduler, NpyArray initialLatents) {
        this(prompt, negativePrompt, width, height, steps, guidance, seed, count, scheduler, initialLatents, null, false);
    }

    /** A request without reference pictures. */
    public GenerationRequest(String prompt, String negativePrompt, int width, int height, int steps, double guidance,
                             long seed, int count, Scheduler scheduler, NpyArray initialLatents, InitImage init,
                             boolean transparent) {
        this(prompt, negativePrompt, width, height, steps, guidance, seed, count, scheduler, initialLatents, init, transparent,
                List.of());
    }

    /** The same request with a transparent background or an opaque one. */
    public GenerationRequest withTransparency(boolean transparent) {
        return new GenerationRequest(prompt, negativePrompt, width, height, steps, guidance, seed, count, scheduler,
                initialLatents, init, transparent, references);
    }

    /** Whether classifier-free guidance runs (diffusers: guidance_scale > 1). */
    public boolean usesGuidance() {
        return guidance > 1.0;
    }

    /** The same request for {@code n} images from {@code firstSeed} (a worker batching compatible jobs). */
    public GenerationRequest withBatch(long firstSeed, int n) {
        return new GenerationRequest(prompt, negativePrompt, width, height, steps, guidance, firstSeed, n, scheduler,
                initialLatents, init, transparent, references);
    }

    /** {@code WIDTHxHEIGHT}. */
    public String size() {
        return width + "x" + height;
    }
}
