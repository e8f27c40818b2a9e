package dev.atelier.engine.sched;

/**
 * The state of one sampling run. The caller evaluates the model once per entry of {@link #timesteps()} (Heun
 * and other second-order schedulers list a timestep twice) and calls {@link #step} with that entry's index.
 * Samples are flat float32 arrays in the model's layout, e.g. {@code // [batch, 4, h/8, w/8]}; the arithmetic
 * inside is done in double.
 */
public interface SchedulerRun {

    /** The timestep value passed to the model at each call, in order. */
    double[] timesteps();

    /** The factor the initial Gaussian noise is multiplied by. */
    double initNoiseSigma();

    /** What to feed the model at call {@code index} for {@code sample} (diffusers' {@code scale_model_input}). */
    float[] scaleModelInput(float[] sample, int index);

    /** Advances {@code sample} using the model's output at call {@code index}; returns the new sample. */
    float[] step(float[] modelOutput, int index, float[] sample, NoiseSource noise);
}
