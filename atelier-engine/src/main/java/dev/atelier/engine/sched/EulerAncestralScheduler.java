package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * Ancestral sampling with Euler steps (Karras et al. 2022's "k-diffusion" {@code sample_euler_ancestral}), as
 * diffusers' {@code EulerAncestralDiscreteScheduler}: each step goes down to {@code sigma_down} and adds fresh
 * noise of size {@code sigma_up}, drawn from the {@link NoiseSource} at every step (the last draw is scaled
 * by zero but still taken, as the reference does).
 *
 * <p>Config keys: the beta keys, {@code rescale_betas_zero_snr}, {@code prediction_type} (epsilon,
 * v_prediction), {@code timestep_spacing} (default linspace), {@code steps_offset}.
 */
final class EulerAncestralScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final Spacing spacing;

    EulerAncestralScheduler(SchedulerConfig c) {
        this.config = c;
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, true).alphasCumprod();
        if (Boolean.TRUE.equals(c.rescaleBetasZeroSnr())) alphasCumprod[alphasCumprod.length - 1] = 0x1p-24;
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.EULER_ANCESTRAL,
                Prediction.EPSILON, Prediction.V_PREDICTION);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LINSPACE);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.EULER_ANCESTRAL;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        Sigmas.Schedule s = Sigmas.forSteps(alphasCumprod, spacing, steps,
                Objects.requireNonNullElse(config.stepsOffset(), 0), false, null, null);
        double[] sigmas = Sigmas.append(s.sigmas(), 0);
        return new SigmaRun(SchedulerKind.EULER_ANCESTRAL, s.timesteps(), sigmas, Options.sigmaInitNoise(sigmas, spacing)) {
            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                double from = sigmas[index];
                double to = sigmas[index + 1];
                double[] x0 = prediction.x0FromSigma(out, sample, from);
                double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
                double down = Math.sqrt(to * to - up * up);
                double dt = down - from;
                double[] z = draw(noise, sample.length);
                double[] next = new double[sample.length];
                for (int i = 0; i < next.length; i++) {
                    next[i] = sample[i] + (sample[i] - x0[i]) / from * dt + z[i] * up;
                }
                return next;
            }
        };
    }
}
