package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * Latent Consistency Model sampling (Luo et al. 2023, "Latent Consistency Models", Algorithm 1 with the
 * consistency-model boundary scalings of Song et al. 2023), as diffusers' {@code LCMScheduler}: every step
 * predicts the clean sample, then re-noises it to the next timestep with noise from the {@link NoiseSource}
 * (no noise after the last step). Timesteps are taken from the {@code original_inference_steps}-step
 * schedule the model was distilled on.
 *
 * <p>Config keys: the beta keys (defaults 0.00085, 0.012, scaled_linear), {@code rescale_betas_zero_snr},
 * {@code original_inference_steps} (default 50), {@code prediction_type} (epsilon, v_prediction, sample),
 * {@code clip_sample}, {@code clip_sample_range}, {@code set_alpha_to_one}, {@code timestep_scaling}
 * (default 10).
 */
final class LcmScheduler implements Scheduler {
    private static final double SIGMA_DATA = 0.5;

    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final int originalSteps;
    private final double timestepScaling;
    private final Double clipRange;

    LcmScheduler(SchedulerConfig c) {
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.LCM, true).alphasCumprod();
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.LCM,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.originalSteps = Objects.requireNonNullElse(c.originalInferenceSteps(), 50);
        if (originalSteps > alphasCumprod.length) {
            throw new IllegalArgumentException("original_inference_steps " + originalSteps
                    + " exceeds num_train_timesteps " + alphasCumprod.length);
        }
        this.timestepScaling = Objects.requireNonNullElse(c.timestepScaling(), 10.0);
        this.clipRange = Boolean.TRUE.equals(c.clipSample()) ? Objects.requireNonNullElse(c.clipSampleRange(), 1.0) : null;
        Options.unsupported(c.thresholding(), "thresholding", SchedulerKind.LCM);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.LCM;
    }

    @Override
    public SchedulerRun start(int steps) {
        if (steps < 1 || steps > originalSteps) {
            throw new IllegalArgumentException("lcm steps must be in [1, original_inference_steps = " + originalSteps
                    + "], got " + steps);
        }
        // the distillation schedule k-1, 2k-1, ..., descending; 'steps' of them evenly by index
        int k = alphasCumprod.length / originalSteps;
        long[] t = new long[steps];
        for (int i = 0; i < steps; i++) {
            int index = (int) Math.floor(i * (originalSteps / (double) steps));
            t[i] = (long) (originalSteps - index) * k - 1;
        }
        double[] timesteps = new double[steps];
        for (int i = 0; i < steps; i++) timesteps[i] = t[i];
        return new SequentialRun(SchedulerKind.LCM, timesteps, 1.0) {
            @Override
            double[] noiseMix(int index) {
                return alphaMix(alphasCumprod[(int) t[index]]);
            }

            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                int timestep = (int) t[index];
                boolean last = index == steps - 1;
                double a = alphasCumprod[timestep];
                double aPrev = alphasCumprod[(int) (last ? t[index] : t[index + 1])];
                double scaled = timestep * timestepScaling;
                double cSkip = SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
                double cOut = scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
                double[] x0 = prediction.x0FromAlpha(out, sample, a);
                double[] next = new double[sample.length];
                for (int i = 0; i < next.length; i++) {
                    double p = clipRange == null ? x0[i] : Math.clamp(x0[i], -clipRange, clipRange);
                    next[i] = cOut * p + cSkip * sample[i];
                }
                if (last) return next;
                double[] z = draw(noise, sample.length);
                for (int i = 0; i < next.length; i++) next[i] = Math.sqrt(aPrev) * next[i] + Math.sqrt(1 - aPrev) * z[i];
                return next;
            }
        };
    }
}
