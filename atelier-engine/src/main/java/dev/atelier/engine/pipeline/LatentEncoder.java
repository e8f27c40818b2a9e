package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.RgbImage;

/**
 * Turns a picture into the tensor a denoiser works on, the inverse of the {@link ImageDecoder}: a VAE encoder for
 * Stable Diffusion, the canvas itself for Atelier's pixel-space models. Image-to-image and inpainting start there.
 */
interface LatentEncoder extends AutoCloseable {

    /**
     * @param pixels one picture {@code // [1, 3, H, W]} in [-1, 1]
     * @param image  the same picture (its alpha plane, for a model that draws alpha)
     * @return {@code // [1, C, H/f, W/f]}, scaled as the denoiser sees it
     */
    float[] encode(float[] pixels, RgbImage image);

    /** Nanoseconds spent inside ONNX Runtime so far (0 where no model runs). */
    long runNanos();

    @Override
    void close();

    /** Pictures in [-1, 1] as a planar tensor {@code // [1, 3, H, W]}, the colour composed over white. */
    static float[] signedPlanar(RgbImage image) {
        RgbImage rgb = image.overWhite();
        int plane = rgb.width() * rgb.height();
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) out[c * plane + p] = rgb.pixels()[p * 3 + c] * 2f - 1f;
        }
        return out;
    }
}
