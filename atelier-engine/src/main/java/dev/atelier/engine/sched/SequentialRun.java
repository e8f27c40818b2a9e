package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * The bookkeeping every run shares: its timesteps, the check that steps come in order, and the conversion of
 * float32 samples to the double arithmetic of {@link #advance}.
 */
abstract class SequentialRun implements SchedulerRun {
    private final SchedulerKind kind;
    private final double[] timesteps;
    private final double initNoiseSigma;
    private int next;
    private int begin;

    SequentialRun(SchedulerKind kind, double[] timesteps, double initNoiseSigma) {
        this.kind = kind;
        this.timesteps = timesteps;
        this.initNoiseSigma = initNoiseSigma;
    }

    @Override
    public final double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public final double initNoiseSigma() {
        return initNoiseSigma;
    }

    @Override
    public final float[] scaleModelInput(float[] sample, int index) {
        checkIndex(index);
        double scale = inputScale(index);
        float[] out = new float[sample.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sample[i] * scale);
        return out;
    }

    @Override
    public final float[] step(float[] modelOutput, int index, float[] sample, NoiseSource noise) {
        checkIndex(index);
        if (index != next) {
            throw new IllegalStateException(kind.cliName() + ": step " + index + " called out of order; the next step is "
                    + next + " (a run is stateful: start a new one to restart)");
        }
        if (modelOutput.length != sample.length) {
            throw new IllegalArgumentException("model output has " + modelOutput.length + " values but the sample has "
                    + sample.length);
        }
        double[] out = advance(toDouble(modelOutput), index, toDouble(sample), noise);
        next++;
        float[] result = new float[out.length];
        for (int i = 0; i < out.length; i++) result[i] = (float) out[i];
        return result;
    }

    @Override
    public final float[] addNoise(float[] clean, float[] noise, int index) {
        checkIndex(index);
        if (clean.length != noise.length) {
            throw new IllegalArgumentException("noise has " + noise.length + " values but the sample has " + clean.length);
        }
        double[] ab = noiseMix(index);
        float[] out = new float[clean.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (ab[0] * clean[i] + ab[1] * noise[i]);
        return out;
    }

    @Override
    public final void beginAt(int index) {
        checkIndex(index);
        if (next != begin) throw new IllegalStateException(kind.cliName() + ": beginAt after the first step");
        begin = index;
        next = index;
    }

    /** {@code {a, b}}: the forward process at call {@code index} is {@code x = a·x0 + b·noise}. */
    abstract double[] noiseMix(int index);

    /** {@code {sqrt(ᾱ), sqrt(1 − ᾱ)}}: the forward process of a discrete-time (DDPM) schedule at cumulative alpha ᾱ. */
    static double[] alphaMix(double alphaCumprod) {
        return new double[] {Math.sqrt(alphaCumprod), Math.sqrt(1 - alphaCumprod)};
    }

    /** The noise levels of the run where the scheduler has them (one per call plus the final one), else empty. */
    double[] sigmas() {
        return new double[0];
    }

    /** The factor {@link #scaleModelInput} multiplies the sample by at call {@code index}; 1 by default. */
    double inputScale(int index) {
        return 1;
    }

    /** One step in double; may keep state, since steps arrive in order. */
    abstract double[] advance(double[] modelOutput, int index, double[] sample, NoiseSource noise);

    /** Draws Gaussian noise for the sample, failing clearly when the caller gave no source. */
    final double[] draw(NoiseSource noise, int length) {
        Objects.requireNonNull(noise, () -> kind.cliName() + " is stochastic: step needs a NoiseSource");
        float[] z = noise.next(length);
        if (z.length != length) {
            throw new IllegalArgumentException("noise source gave " + z.length + " values, expected " + length);
        }
        return toDouble(z);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= timesteps.length) {
            throw new IndexOutOfBoundsException(kind.cliName() + ": call index " + index + " outside [0, "
                    + timesteps.length + ")");
        }
    }

    static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
