package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * Denoising Diffusion Implicit Models (Song et al. 2021, eq. 12), as diffusers' {@code DDIMScheduler}.
 * With {@code eta = 0} (the default) sampling is deterministic; {@code eta > 0} adds the fraction {@code eta}
 * of the DDPM posterior noise, drawn from the {@link NoiseSource}.
 *
 * <p>Config keys: the beta keys, {@code rescale_betas_zero_snr}, {@code prediction_type} (epsilon,
 * v_prediction, sample), {@code timestep_spacing} (default leading), {@code steps_offset},
 * {@code set_alpha_to_one} (default true), {@code clip_sample} (default true), {@code clip_sample_range}.
 */
public final class DdimScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final double finalAlphaCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final Double clipRange;
    private final double eta;

    /**
     * @param eta the DDIM noise weight in [0, 1]: 0 is deterministic DDIM, 1 the DDPM posterior variance
     */
    public DdimScheduler(SchedulerConfig c, double eta) {
        if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
        this.config = c;
        this.eta = eta;
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, true).alphasCumprod();
        this.finalAlphaCumprod = Objects.requireNonNullElse(c.setAlphaToOne(), true) ? 1.0 : alphasCumprod[0];
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.DDIM,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LEADING);
        this.clipRange = Objects.requireNonNullElse(c.clipSample(), true)
                ? Objects.requireNonNullElse(c.clipSampleRange(), 1.0) : null;
        Options.unsupported(c.thresholding(), "thresholding", SchedulerKind.DDIM);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.DDIM;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        long[] t = spacing.integerTimesteps(steps, alphasCumprod.length, Objects.requireNonNullElse(config.stepsOffset(), 0));
        double[] timesteps = new double[t.length];
        for (int i = 0; i < t.length; i++) timesteps[i] = t[i];
        int stride = alphasCumprod.length / steps;
        return new SequentialRun(SchedulerKind.DDIM, timesteps, 1.0) {
            @Override
            double[] noiseMix(int index) {
                return alphaMix(alphasCumprod[(int) t[index]]);
            }

            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                int timestep = (int) t[index];
                int prev = timestep - stride;
                double a = alphasCumprod[timestep];
                double aPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaCumprod;
                double[] x0 = prediction.x0FromAlpha(out, sample, a);
                double[] eps = epsilon(out, sample, a, x0);
                if (clipRange != null) {
                    for (int i = 0; i < x0.length; i++) x0[i] = Math.clamp(x0[i], -clipRange, clipRange);
                }
                double variance = (1 - aPrev) / (1 - a) * (1 - a / aPrev);
                double std = eta * Math.sqrt(variance);
                double direction = Math.sqrt(1 - aPrev - std * std);
                double[] z = eta > 0 ? draw(noise, sample.length) : null;
                double[] next = new double[sample.length];
                for (int i = 0; i < next.length; i++) {
                    next[i] = Math.sqrt(aPrev) * x0[i] + direction * eps[i] + (z == null ? 0 : std * z[i]);
                }
                return next;
            }
        };
    }

    /** The noise the model output implies (before any clipping of x0). */
    private double[] epsilon(double[] out, double[] sample, double a, double[] x0) {
        if (prediction == Prediction.EPSILON) return out;
        double[] eps = new double[out.length];
        double sa = Math.sqrt(a);
        double sb = Math.sqrt(1 - a);
        for (int i = 0; i < eps.length; i++) {
            eps[i] = prediction == Prediction.V_PREDICTION ? sa * out[i] + sb * sample[i] : (sample[i] - sa * x0[i]) / sb;
        }
        return eps;
    }
}
