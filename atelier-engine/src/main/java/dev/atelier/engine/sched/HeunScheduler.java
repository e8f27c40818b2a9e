package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * Heun's second-order method in the sigma parameterisation (Karras et al. 2022, Algorithm 1 without churn),
 * as diffusers' {@code HeunDiscreteScheduler}. Each step but the last calls the model twice, so the run's
 * timesteps list every timestep after the first twice ({@code 2 * steps - 1} calls); the last step, to sigma
 * 0, is a plain Euler step.
 *
 * <p>Config keys: the beta keys (defaults beta_start 0.00085, beta_end 0.012, linear),
 * {@code use_karras_sigmas}, {@code prediction_type} (epsilon, v_prediction, sample), {@code clip_sample},
 * {@code clip_sample_range}, {@code timestep_spacing} (default linspace), {@code steps_offset}.
 */
final class HeunScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final boolean karras;
    private final Double clipRange;

    HeunScheduler(SchedulerConfig c) {
        this.config = c;
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.HEUN, false).alphasCumprod();
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.HEUN,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LINSPACE);
        this.karras = Boolean.TRUE.equals(c.useKarrasSigmas());
        this.clipRange = Boolean.TRUE.equals(c.clipSample()) ? Objects.requireNonNullElse(c.clipSampleRange(), 1.0) : null;
        Options.unsupported(c.useExponentialSigmas(), "use_exponential_sigmas", SchedulerKind.HEUN);
        Options.unsupported(c.useBetaSigmas(), "use_beta_sigmas", SchedulerKind.HEUN);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.HEUN;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        Sigmas.Schedule s = Sigmas.forSteps(alphasCumprod, spacing, steps,
                Objects.requireNonNullElse(config.stepsOffset(), 0), karras, null, null);
        // sigmas: s0, s1, s1, ..., s(n-1), s(n-1), 0; timesteps: t0, t1, t1, ..., t(n-1), t(n-1)
        double[] sigmas = new double[2 * steps];
        double[] timesteps = new double[2 * steps - 1];
        sigmas[0] = s.sigmas()[0];
        timesteps[0] = s.timesteps()[0];
        for (int i = 1; i < steps; i++) {
            sigmas[2 * i - 1] = sigmas[2 * i] = s.sigmas()[i];
            timesteps[2 * i - 1] = timesteps[2 * i] = s.timesteps()[i];
        }
        sigmas[2 * steps - 1] = 0;
        return new SigmaRun(SchedulerKind.HEUN, timesteps, sigmas, Options.sigmaInitNoise(sigmas, spacing)) {
            private double[] firstDerivative;
            private double[] firstSample;
            private double dt;

            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                boolean first = firstDerivative == null;
                double sigma = first ? sigmas[index] : sigmas[index - 1];
                double sigmaNext = first ? sigmas[index + 1] : sigmas[index];
                // the model saw the sample at sigma on the predictor call and at sigmaNext on the corrector call
                double[] x0 = prediction.x0FromSigma(out, sample, first ? sigma : sigmaNext);
                if (clipRange != null) {
                    for (int i = 0; i < x0.length; i++) x0[i] = Math.clamp(x0[i], -clipRange, clipRange);
                }
                double[] next = new double[sample.length];
                if (first) {
                    firstDerivative = new double[sample.length];
                    for (int i = 0; i < next.length; i++) firstDerivative[i] = (sample[i] - x0[i]) / sigma;
                    dt = sigmaNext - sigma;
                    firstSample = sample;
                    for (int i = 0; i < next.length; i++) next[i] = sample[i] + firstDerivative[i] * dt;
                } else {
                    for (int i = 0; i < next.length; i++) {
                        double d = ((sample[i] - x0[i]) / sigmaNext + firstDerivative[i]) / 2;
                        next[i] = firstSample[i] + d * dt;
                    }
                    firstDerivative = null;
                    firstSample = null;
                }
                return next;
            }
        };
    }
}
