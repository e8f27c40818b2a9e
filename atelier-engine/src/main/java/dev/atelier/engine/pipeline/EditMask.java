package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.RgbImage;

/**
 * An inpainting mask as the pipelines use it: binarised at 0.5 (diffusers' {@code VaeImageProcessor} with
 * {@code do_binarize}), 1 = regenerate; on the latent grid by nearest-neighbour sampling (PyTorch's
 * {@code interpolate(mode="nearest")}: cell {@code (y, x)} takes pixel {@code (floor(y·H/h), floor(x·W/w))}); and the
 * soft weight that composes the result with the start image so that kept pixels stay exactly as they were.
 *
 * @param width  pixels
 * @param height pixels
 * @param edit   {@code // [H, W]}: true where the picture is regenerated
 */
record EditMask(int width, int height, boolean[] edit) {
    EditMask {
        if (edit.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " mask values, got " + edit.length);
        }
    }

    /** The mask of a request's {@code InitImage.mask} (grey levels, 1 = regenerate). */
    static EditMask of(RgbImage mask) {
        boolean[] e = new boolean[mask.width() * mask.height()];
        for (int p = 0; p < e.length; p++) e[p] = mask.pixels()[p * 3] >= 0.5f;
        return new EditMask(mask.width(), mask.height(), e);
    }

    /** The mask on a {@code w x h} latent grid, 1 = regenerate {@code // [h, w]}. */
    float[] onGrid(int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int sy = (int) Math.floor(y * (double) height / h);
            for (int x = 0; x < w; x++) {
                int sx = (int) Math.floor(x * (double) width / w);
                out[y * w + x] = edit[sy * width + sx] ? 1f : 0f;
            }
        }
        return out;
    }

    /** The seam's width in pixels at this size: a few pixels, more for larger pictures. */
    int featherRadius() {
        return Math.max(2, Math.round(Math.min(width, height) / 64f));
    }

    /**
     * The weight of the generated picture per pixel {@code // [H, W]}: 0 where the picture is kept (so kept pixels are
     * exactly the start image's), rising inside the edited area with the distance {@code d} to the nearest kept pixel
     * as {@code min(1, d / (r + 1))} for the {@link #featherRadius r}: a soft seam, entirely inside the mask.
     */
    float[] feathered() {
        int r = featherRadius();
        int reach = r + 1;
        float[] out = new float[edit.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!edit[y * width + x]) continue;
                double nearest = reach;
                for (int dy = -reach; dy <= reach; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) continue;
                    for (int dx = -reach; dx <= reach; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= width || edit[yy * width + xx]) continue;
                        nearest = Math.min(nearest, Math.sqrt(dx * dx + dy * dy));
                    }
                }
                out[y * width + x] = (float) Math.min(1, nearest / reach);
            }
        }
        return out;
    }

    /**
     * {@code generated} where the mask edits, {@code start} where it keeps, blended by {@link #feathered()} (colour
     * and, where the generated picture has one, alpha; the start image's alpha is 1 where it has none).
     */
    RgbImage compose(RgbImage generated, RgbImage start) {
        float[] w = feathered();
        float[] rgb = new float[generated.pixels().length];
        float[] alpha = generated.hasAlpha() ? new float[w.length] : null;
        for (int p = 0; p < w.length; p++) {
            for (int c = 0; c < 3; c++) {
                int i = p * 3 + c;
                rgb[i] = w[p] == 0f ? start.pixels()[i] : w[p] * generated.pixels()[i] + (1 - w[p]) * start.pixels()[i];
            }
            if (alpha != null) {
                float a0 = start.hasAlpha() ? start.alpha()[p] : 1f;
                alpha[p] = w[p] == 0f ? a0 : w[p] * generated.alpha()[p] + (1 - w[p]) * a0;
            }
        }
        return new RgbImage(generated.width(), generated.height(), rgb, alpha);
    }
}
