package dev.atelier.engine.pipeline;

/**
 * The guidance-scale embedding that a guidance-distilled UNet (a Latent Consistency Model's, {@code time_cond_proj_dim}
 * in its config) reads as {@code timestep_cond}: the sinusoidal embedding of {@code w = (g − 1) · 1000}, sines then
 * cosines of {@code w · exp(−k · ln 10000 / (d/2 − 1))} for {@code k = 0 .. d/2 − 1}, zero-padded to an odd {@code d}
 * (Meng et al. 2023, "On Distillation of Guided Diffusion Models"; the {@code get_guidance_scale_embedding} of diffusers'
 * LCM pipelines), in float32 as they compute it. Such a UNet runs without a classifier-free guidance batch: the
 * guidance scale is this input.
 */
final class GuidanceEmbedding {
    private GuidanceEmbedding() {
    }

    /** The embedding of guidance scale {@code guidance} in {@code dim} values ({@code dim ≥ 4}). */
    static float[] of(double guidance, int dim) {
        if (dim < 4) throw new IllegalArgumentException("a guidance embedding needs at least 4 values, got " + dim);
        float w = (float) (guidance - 1) * 1000f;
        int half = dim / 2;
        float step = (float) Math.log(10000.0) / (half - 1);
        float[] out = new float[dim];
        for (int k = 0; k < half; k++) {
            float angle = w * (float) Math.exp(k * -step);
            out[k] = (float) Math.sin(angle);
            out[half + k] = (float) Math.cos(angle);
        }
        return out;
    }
}
