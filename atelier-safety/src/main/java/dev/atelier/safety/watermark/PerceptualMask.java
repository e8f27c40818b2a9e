package dev.atelier.safety.watermark;

/**
 * How much of the pattern each pixel can hide: textured areas take the full amplitude, flat areas a small floor.
 * The weight is {@code floor + (1 - floor) min(1, σ / knee)}, σ being the luma's standard deviation over the 5×5
 * window around the pixel (texture masking, as in Watson's DCT-domain model, reduced to its spatial core).
 *
 * @param floor weight of a perfectly flat area, in [0, 1]
 * @param knee  local deviation in 8-bit levels at which a pixel takes the full amplitude, > 0
 */
public record PerceptualMask(float floor, float knee) {
    static final int RADIUS = 2;

    public PerceptualMask {
        if (!(floor >= 0 && floor <= 1)) throw new IllegalArgumentException("mask floor must be in [0, 1], got " + floor);
        if (!(knee > 0)) throw new IllegalArgumentException("mask knee must be positive, got " + knee);
    }

    /** The weight of each pixel, in [floor, 1] ({@code // [h, w]}). */
    float[] weights(float[] luma, int w, int h) {
        float[] sigma = Luma.localDeviation(luma, w, h, RADIUS);
        float[] out = new float[sigma.length];
        for (int p = 0; p < out.length; p++) out[p] = floor + (1 - floor) * Math.min(1f, sigma[p] / knee);
        return out;
    }
}
