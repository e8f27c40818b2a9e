package dev.atelier.engine.sched;

import java.util.Random;

/** Seeded Gaussian noise that counts its draws. */
final class RandomNoise implements NoiseSource {
    private final Random random;
    int draws;

    RandomNoise(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public float[] next(int length) {
        draws++;
        float[] z = new float[length];
        for (int i = 0; i < length; i++) z[i] = (float) random.nextGaussian();
        return z;
    }
}
