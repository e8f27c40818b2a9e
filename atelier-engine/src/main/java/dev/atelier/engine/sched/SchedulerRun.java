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

    /**
     * {@code clean} noised with {@code noise} to the noise level of call {@code index}: {@code a·clean + b·noise}
     * with the {@code a, b} of this scheduler's forward process there (diffusers' {@code add_noise}, or
     * {@code scale_noise} for flow matching, after {@code set_begin_index(index)}). Image-to-image starts here.
     *
     * @param clean {@code // [batch, C, h, w]}
     * @param noise the same shape
     */
    float[] addNoise(float[] clean, float[] noise, int index);

    /**
     * Makes call {@code index} the first (diffusers' {@code set_begin_index}): the calls before it are skipped and
     * the run's state starts fresh there, as image-to-image needs. Only before the first step.
     *
     * @throws IllegalStateException if a step was taken already
     */
    void beginAt(int index);
}
