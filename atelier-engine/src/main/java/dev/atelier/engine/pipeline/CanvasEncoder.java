package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.RgbImage;

/**
 * For Atelier's pixel-space models, whose denoised tensor is the picture on a small canvas (docs/model-package.md):
 * the picture averaged over {@code factor x factor} blocks (the inverse of the upscaling decoder or upsampler up to
 * its detail), colour composed over white in [-1, 1], then, for a model that draws alpha, the alpha plane.
 *
 * @param factor   pixels per canvas cell, ≥ 1
 * @param channels 3 (RGB) or 4 (RGB, alpha)
 */
record CanvasEncoder(int factor, int channels) implements LatentEncoder {
    CanvasEncoder {
        if (factor < 1) throw new IllegalArgumentException("factor must be ≥ 1, got " + factor);
        if (channels != 3 && channels != 4) throw new IllegalArgumentException("channels must be 3 or 4, got " + channels);
    }

    @Override
    public float[] encode(float[] pixels, RgbImage image) {
        int w = image.width() / factor;
        int h = image.height() / factor;
        int plane = image.width() * image.height();
        float[] out = new float[channels * w * h];
        float inv = 1f / (factor * factor);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) {
                            int p = (y * factor + dy) * image.width() + x * factor + dx;
                            sum += c < 3 ? pixels[c * plane + p] : (image.hasAlpha() ? image.alpha()[p] : 1f) * 2f - 1f;
                        }
                    }
                    out[(c * h + y) * w + x] = sum * inv;
                }
            }
        }
        return out;
    }

    @Override
    public long runNanos() {
        return 0;
    }

    @Override
    public void close() {
    }
}
