package dev.atelier.engine.sched;

/**
 * Gaussian noise for stochastic schedulers. The pipeline's implementation draws image {@code i}'s part of a
 * batch from that image's own generator (seed + i); tests replay the noise a reference run recorded.
 */
public interface NoiseSource {
    /** Fills and returns {@code length} standard-normal values for a sample of the same length. */
    float[] next(int length);
}
