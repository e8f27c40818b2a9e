package dev.atelier.engine.model;

import java.util.List;

/**
 * What a package says about how to sample it.
 *
 * @param sampleSize      native image side in pixels
 * @param latentChannels  channels of the tensor the denoiser works on (4 for SD, 3 for a pixel-space model)
 * @param vaeScaleFactor  pixels per latent cell (8 for SD, 1 for pixel space)
 * @param latentScaling   latents are divided by this before decoding (0.18215 for SD 1.x; 1 without a VAE)
 * @param steps           default number of inference steps
 * @param guidance        default classifier-free guidance scale
 * @param sizes           allowed {@code [width, height]} pairs; empty means any multiple of {@code vaeScaleFactor}
 */
public record ModelDefaults(int sampleSize, int latentChannels, int vaeScaleFactor, double latentScaling,
                            int steps, double guidance, List<int[]> sizes) {
    public ModelDefaults {
        if (sampleSize < 8) throw new IllegalArgumentException("sample_size must be ≥ 8, got " + sampleSize);
        if (latentChannels < 1) throw new IllegalArgumentException("latent_channels must be ≥ 1, got " + latentChannels);
        if (vaeScaleFactor < 1) throw new IllegalArgumentException("vae_scale_factor must be ≥ 1, got " + vaeScaleFactor);
        if (!(latentScaling > 0)) throw new IllegalArgumentException("latent scaling must be > 0, got " + latentScaling);
        if (steps < 1) throw new IllegalArgumentException("default steps must be ≥ 1, got " + steps);
        sizes = List.copyOf(sizes);
    }

    /** The size multiple that width and height must respect. */
    public int sizeMultiple() {
        return Math.max(8, vaeScaleFactor);
    }
}
