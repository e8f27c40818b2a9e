package dev.atelier.safety.watermark;

/**
 * What the detector found in one image.
 *
 * @param present   whether the score reached the threshold: the image carries the watermark
 * @param score     the best z-score over every scale and shift tried; about N(0, 1) at each try for an unmarked
 *                  image, so how far it lies above the threshold is the confidence; at most {@code sqrt(2K)}, K being
 *                  the number of carriers (9.6 for Atelier's key)
 * @param threshold the z-score the score had to reach: set so that an unmarked image of this size is flagged with
 *                  probability at most {@link #FALSE_ALARM_RATE}
 * @param scale     the size of the image relative to the marked original at the best try (0.5 after a 0.5× resize)
 * @param offsetX   horizontal position of the pattern's tile origin at the best try, pixels in [0, period × scale)
 * @param offsetY   vertical position, likewise
 */
public record Detection(boolean present, double score, double threshold, double scale, double offsetX, double offsetY) {
    /**
     * The bound on the probability that an unmarked image is reported as marked: 1e-4, ten times under the 0.1 %
     * goal (a union bound over every scale and offset the detector tries; docs/watermark.md derives it).
     */
    public static final double FALSE_ALARM_RATE = 1e-4;

    public Detection {
        if (Double.isNaN(score) || Double.isNaN(threshold)) throw new IllegalArgumentException("score and threshold must be numbers, got " + score + ", " + threshold);
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive, got " + scale);
    }

    /** An image too small to hold one tile at any scale: no evidence either way. */
    static Detection tooSmall(double threshold) {
        return new Detection(false, 0, threshold, 1, 0, 0);
    }
}
