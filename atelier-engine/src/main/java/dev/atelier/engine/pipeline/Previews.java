package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelDefaults;
import java.util.Optional;

/**
 * Cheap previews of an intermediate sample, for streamed partial images and the studio's live view. A pixel-space
 * model's sample is the image itself, in [-1, 1] (on a small canvas it is enlarged by repeating pixels, without
 * running the upscaling decoder); an RGBA model's ({@link #ofPixels}) shows its colour, composed over white. A Stable Diffusion latent is mapped to RGB by the fixed linear approximation used by
 * ComfyUI's {@code latent_rgb_factors} for SD 1.x and scaled up by the VAE factor (no decoder run); other
 * latent spaces get no previews.
 */
final class Previews {
    // rows: latent channel 0..3; columns: R, G, B (ComfyUI latent_formats.SD15)
    private static final float[][] SD_FACTORS = {
            {0.3512f, 0.2297f, 0.3227f},
            {0.3250f, 0.4974f, 0.2350f},
            {-0.2829f, 0.1762f, 0.2721f},
            {-0.2120f, -0.2616f, -0.7177f}};

    private Previews() {
    }

    /** Image {@code index} of {@code sample // [n, C, h, w]} as a {@code width x height} preview. */
    static Optional<RgbImage> of(float[] sample, long[] shape, int index, ModelDefaults geo, int width, int height) {
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        if (c == 3) return ofPixels(sample, shape, index, width, height);
        if (c != 4) return Optional.empty();
        int plane = h * w;
        int base = index * c * plane;
        int f = geo.vaeScaleFactor();
        float[] px = new float[width * height * 3];
        float scale = (float) geo.latentScaling() / 0.18215f;  // the factors are for latents at SD's scaling
        for (int y = 0; y < height; y++) {
            int ly = Math.min(h - 1, y / f);
            for (int x = 0; x < width; x++) {
                int lx = Math.min(w - 1, x / f);
                int p = ly * w + lx;
                for (int ch = 0; ch < 3; ch++) {
                    float v = 0;
                    for (int k = 0; k < 4; k++) v += sample[base + k * plane + p] * scale * SD_FACTORS[k][ch];
                    px[(y * width + x) * 3 + ch] = Math.min(1f, Math.max(0f, v / 2f + 0.5f));
                }
            }
        }
        return Optional.of(new RgbImage(width, height, px));
    }

    /** Image {@code index} of a pixel-space {@code sample // [n, C ≥ 3, h, w]}: its first three channels as RGB. */
    static Optional<RgbImage> ofPixels(float[] sample, long[] shape, int index, int width, int height) {
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int plane = h * w;
        float[] rgb = java.util.Arrays.copyOfRange(sample, index * c * plane, (index * c + 3) * plane);
        RgbImage small = RgbImage.fromSignedPlanar(rgb, 0, w, h);
        return Optional.of(w == width && h == height ? small : enlarge(small, width, height));
    }

    // nearest neighbour: a preview, not the decoder's result
    private static RgbImage enlarge(RgbImage small, int width, int height) {
        float[] px = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(small.height() - 1, y * small.height() / height);
            for (int x = 0; x < width; x++) {
                int sx = Math.min(small.width() - 1, x * small.width() / width);
                System.arraycopy(small.pixels(), (sy * small.width() + sx) * 3, px, (y * width + x) * 3, 3);
            }
        }
        return new RgbImage(width, height, px);
    }
}
