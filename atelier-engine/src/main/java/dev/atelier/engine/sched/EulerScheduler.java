package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * Euler's method on the probability-flow ODE in the sigma parameterisation (Karras et al. 2022, Algorithm 2
 * without churn), as diffusers' {@code EulerDiscreteScheduler}.
 *
 * <p>Config keys: the beta keys, {@code prediction_type} (epsilon, v_prediction, sample),
 * {@code timestep_spacing} (default linspace), {@code steps_offset}, {@code use_karras_sigmas},
 * {@code sigma_min}, {@code sigma_max}, {@code interpolation_type} (linear), {@code timestep_type} (discrete,
 * continuous), {@code final_sigmas_type} (zero, sigma_min), {@code rescale_betas_zero_snr}.
 */
final class EulerScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final boolean karras;
    private final boolean continuous;
    private final boolean finalSigmaMin;

    EulerScheduler(SchedulerConfig c) {
        this.config = c;
        NoiseSchedule schedule = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, true);
        this.alphasCumprod = schedule.alphasCumprod();
        // Lin et al. 2024: a zero terminal SNR would make the last sigma infinite; diffusers uses 2^-24 instead.
        if (Boolean.TRUE.equals(c.rescaleBetasZeroSnr())) alphasCumprod[alphasCumprod.length - 1] = 0x1p-24;
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.EULER,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LINSPACE);
        this.karras = Boolean.TRUE.equals(c.useKarrasSigmas());
        Options.unsupported(c.useExponentialSigmas(), "use_exponential_sigmas", SchedulerKind.EULER);
        Options.unsupported(c.useBetaSigmas(), "use_beta_sigmas", SchedulerKind.EULER);
        Options.require(c.interpolationType(), "interpolation_type", "linear");
        String type = Options.oneOf(c.timestepType(), "timestep_type", "discrete", "discrete", "continuous");
        this.continuous = type.equals("continuous") && prediction == Prediction.V_PREDICTION;
        this.finalSigmaMin = Options.oneOf(c.finalSigmasType(), "final_sigmas_type", "zero", "zero", "sigma_min")
                .equals("sigma_min");
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.EULER;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        int offset = Objects.requireNonNullElse(config.stepsOffset(), 0);
        Sigmas.Schedule s = Sigmas.forSteps(alphasCumprod, spacing, steps, offset, karras,
                config.sigmaMin(), config.sigmaMax());
        double last = finalSigmaMin ? Sigmas.table(alphasCumprod)[0] : 0;
        double[] sigmas = Sigmas.append(s.sigmas(), (float) last);
        double[] timesteps = s.timesteps();
        if (continuous) {
            for (int i = 0; i < steps; i++) timesteps[i] = (float) (0.25 * Math.log(sigmas[i]));
        }
        return new Run(timesteps, sigmas, Options.sigmaInitNoise(sigmas, spacing));
    }

    private final class Run extends SigmaRun {
        Run(double[] timesteps, double[] sigmas, double initNoiseSigma) {
            super(SchedulerKind.EULER, timesteps, sigmas, initNoiseSigma);
        }

        @Override
        double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
            double sigma = sigmas[index];
            double[] x0 = prediction.x0FromSigma(out, sample, sigma);
            double dt = sigmas[index + 1] - sigma;
            double[] next = new double[sample.length];
            for (int i = 0; i < next.length; i++) next[i] = sample[i] + (sample[i] - x0[i]) / sigma * dt;
            return next;
        }
    }
}
