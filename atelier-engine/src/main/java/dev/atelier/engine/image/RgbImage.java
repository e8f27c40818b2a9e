package dev.atelier.engine.image;

/**
 * An RGB image with float channels in [0, 1], interleaved row-major ({@code // [height, width, 3]}), and optionally an
 * alpha plane: then the colour is straight (not premultiplied) and the image has a transparent background.
 *
 * @param width  pixels, ≥ 1
 * @param height pixels, ≥ 1
 * @param pixels {@code width * height * 3} values; values outside [0, 1] are clipped when encoded
 * @param alpha  {@code width * height} coverage values in [0, 1] ({@code // [height, width]}), or null for an opaque image
 */
public record RgbImage(int width, int height, float[] pixels, float[] alpha) {
    public RgbImage {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " values for " + width + "x" + height
                    + " RGB, got " + pixels.length);
        }
        if (alpha != null && alpha.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " alpha values for " + width + "x" + height
                    + ", got " + alpha.length);
        }
    }

    /** An opaque image. */
    public RgbImage(int width, int height, float[] pixels) {
        this(width, height, pixels, null);
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

    /** Whether the image has an alpha plane (a transparent background). */
    public boolean hasAlpha() {
        return alpha != null;
    }

    /** The 8-bit value of channel {@code c} at pixel {@code p}, rounded as PIL and diffusers do ({@code round(v*255)}). */
    public int byteAt(int p, int c) {
        float v = Math.min(1f, Math.max(0f, pixels[p * 3 + c]));
        return Math.round(v * 255f);
    }

    /** The 8-bit alpha at pixel {@code p}: 255 for an opaque image. */
    public int alphaByteAt(int p) {
        return alpha == null ? 255 : Math.round(Math.min(1f, Math.max(0f, alpha[p])) * 255f);
    }

    /** The image composed over white, opaque (this image itself if it is opaque): what a format without alpha shows. */
    public RgbImage overWhite() {
        return overCheckerboard(Integer.MAX_VALUE);
    }

    /**
     * The image composed over a white and light grey checkerboard of {@code square}-pixel squares, the usual picture of
     * transparency (this image itself if it is opaque); a square larger than the image gives plain white.
     */
    public RgbImage overCheckerboard(int square) {
        if (alpha == null) return this;
        float[] out = new float[pixels.length];
        for (int p = 0; p < alpha.length; p++) {
            float a = Math.min(1f, Math.max(0f, alpha[p]));
            int x = p % width, y = p / width;
            float under = (x / square + y / square) % 2 == 0 ? 1f : 0.8f;
            for (int c = 0; c < 3; c++) out[p * 3 + c] = Math.min(1f, Math.max(0f, pixels[p * 3 + c])) * a + under * (1f - a);
        }
        return new RgbImage(width, height, out);
    }
}
