package dev.atelier.engine.image;

/**
 * An RGB image with float channels in [0, 1], interleaved row-major ({@code // [height, width, 3]}).
 *
 * @param width  pixels, ≥ 1
 * @param height pixels, ≥ 1
 * @param pixels {@code width * height * 3} values; values outside [0, 1] are clipped when encoded
 */
public record RgbImage(int width, int height, float[] pixels) {
    public RgbImage {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " values for " + width + "x" + height
                    + " RGB, got " + pixels.length);
        }
    }

    /** Takes image {@code index} of a planar batch {@code // [batch, 3, height, width]} in [-1, 1] to [0, 1]. */
    public static RgbImage fromSignedPlanar(float[] batch, int index, int width, int height) {
        int plane = width * height;
        int base = index * 3 * plane;
        float[] out = new float[plane * 3];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                float v = batch[base + c * plane + p] / 2f + 0.5f;
                out[p * 3 + c] = Math.min(1f, Math.max(0f, v));
            }
        }
        return new RgbImage(width, height, out);
    }

    /** The 8-bit value of channel {@code c} at pixel {@code p}, rounded as PIL and diffusers do ({@code round(v*255)}). */
    public int byteAt(int p, int c) {
        float v = Math.min(1f, Math.max(0f, pixels[p * 3 + c]));
        return Math.round(v * 255f);
    }
}
