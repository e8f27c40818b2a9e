package dev.atelier.engine.pipeline;

import dev.atelier.engine.sched.NoiseSource;
import java.util.SplittableRandom;

/**
 * Per-image Gaussian noise: image {@code i} of a batch draws from its own {@link SplittableRandom}
 * (SplitMix64, specified by its Javadoc) seeded with {@code seed + i}, through the Box–Muller transform
 * using both values of each pair. A batch's noise is the images' draws laid end to end, so image {@code i}
 * of a batch sees exactly the numbers a single run with seed {@code seed + i} sees.
 */
final class SeededNoise implements NoiseSource {
    private final Gaussian[] images;

    SeededNoise(long seed, int count) {
        images = new Gaussian[count];
        for (int i = 0; i < count; i++) images[i] = new Gaussian(seed + i);
    }

    /** One stream per image with the given seeds: a batch of several requests, each image's own seed. */
    SeededNoise(long[] seeds) {
        images = new Gaussian[seeds.length];
        for (int i = 0; i < seeds.length; i++) images[i] = new Gaussian(seeds[i]);
    }

    @Override
    public float[] next(int length) {
        if (length % images.length != 0) {
            throw new IllegalArgumentException("noise length " + length + " is not a multiple of the batch " + images.length);
        }
        int per = length / images.length;
        float[] out = new float[length];
        for (int i = 0; i < images.length; i++) images[i].fill(out, i * per, per);
        return out;
    }

    static final class Gaussian {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        Gaussian(long seed) {
            random = new SplittableRandom(seed);
        }

        void fill(float[] out, int offset, int n) {
            for (int k = 0; k < n; k++) out[offset + k] = (float) next();
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u1 = 1.0 - random.nextDouble();  // (0, 1]: log is finite
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            spare = r * Math.sin(2 * Math.PI * u2);
            hasSpare = true;
            return r * Math.cos(2 * Math.PI * u2);
        }
    }
}
