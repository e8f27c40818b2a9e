package dev.atelier.safety.image;

import dev.atelier.engine.image.RgbImage;

/**
 * The input nsfwjs's {@code NSFWJS.infer} gives its model: the image's 8-bit RGB divided by 255, resized to
 * {@value #SIZE}×{@value #SIZE} with {@code tf.image.resizeBilinear(..., alignCorners = true)} when it is not that
 * size already. The image is composed over white and rounded to 8 bits first, so the classifier sees what a stored
 * PNG or JPEG shows.
 */
final class NsfwInput {
    /** The model's input side, in pixels. */
    static final int SIZE = 224;

    private NsfwInput() {
    }

    /** {@code // [224, 224, 3]} RGB in [0, 1], row-major. */
    static float[] tensor(RgbImage image) {
        RgbImage opaque = image.overWhite();
        int w = opaque.width(), h = opaque.height();
        float[] bytes = new float[w * h * 3];  // [h, w, 3]
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) bytes[p * 3 + c] = opaque.byteAt(p, c) / 255f;
        }
        return w == SIZE && h == SIZE ? bytes : resizeAlignCorners(bytes, w, h);
    }

    /**
     * Bilinear resize with aligned corners (output corner pixels sample input corner pixels exactly), as TensorFlow's
     * {@code ResizeBilinear} with {@code align_corners=true, half_pixel_centers=false} defines it.
     */
    static float[] resizeAlignCorners(float[] src, int w, int h) {
        float[] out = new float[SIZE * SIZE * 3];
        float sy = (h - 1) / (float) (SIZE - 1), sx = (w - 1) / (float) (SIZE - 1);
        for (int y = 0; y < SIZE; y++) {
            float fy = y * sy;
            int y0 = (int) fy, y1 = Math.min(y0 + 1, h - 1);
            float dy = fy - y0;
            for (int x = 0; x < SIZE; x++) {
                float fx = x * sx;
                int x0 = (int) fx, x1 = Math.min(x0 + 1, w - 1);
                float dx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    float tl = src[(y0 * w + x0) * 3 + c], tr = src[(y0 * w + x1) * 3 + c];
                    float bl = src[(y1 * w + x0) * 3 + c], br = src[(y1 * w + x1) * 3 + c];
                    float top = tl + (tr - tl) * dx, bottom = bl + (br - bl) * dx;
                    out[(y * SIZE + x) * 3 + c] = top + (bottom - top) * dy;
                }
            }
        }
        return out;
    }
}
