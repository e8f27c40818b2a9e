package dev.atelier.engine.sched;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Euler steps along a rectified-flow / flow-matching path {@code x_sigma = (1 - sigma) x0 + sigma noise}
 * (Lipman et al. 2023, "Flow Matching for Generative Modeling"; Esser et al. 2024, "Scaling Rectified Flow
 * Transformers", whose timestep shift {@code shift * s / (1 + (shift - 1) s)} this applies), as diffusers'
 * {@code FlowMatchEulerDiscreteScheduler}. The model predicts the velocity {@code noise - x0}, sees the
 * sample unscaled, and receives {@code timestep = sigma * num_train_timesteps}.
 *
 * <p>Config keys: {@code num_train_timesteps}, {@code shift} (default 1), {@code shift_terminal},
 * {@code use_karras_sigmas}, {@code invert_sigmas}, {@code stochastic_sampling};
 * {@code use_dynamic_shifting} must be false.
 */
final class FlowMatchEulerScheduler implements Scheduler {
    private final int train;
    private final double shift;
    private final Double shiftTerminal;
    private final boolean karras;
    private final boolean invert;
    private final boolean stochastic;
    private final double sigmaMin;
    private final double sigmaMax;

    FlowMatchEulerScheduler(SchedulerConfig c) {
        SchedulerKind kind = SchedulerKind.FLOW_EULER;
        this.train = Objects.requireNonNullElse(c.numTrainTimesteps(), 1000);
        this.shift = Objects.requireNonNullElse(c.shift(), 1.0);
        this.shiftTerminal = c.shiftTerminal();
        this.karras = Boolean.TRUE.equals(c.useKarrasSigmas());
        this.invert = Boolean.TRUE.equals(c.invertSigmas());
        this.stochastic = Boolean.TRUE.equals(c.stochasticSampling());
        Options.unsupported(c.useDynamicShifting(), "use_dynamic_shifting", kind);
        Options.unsupported(c.useExponentialSigmas(), "use_exponential_sigmas", kind);
        Options.unsupported(c.useBetaSigmas(), "use_beta_sigmas", kind);
        // the training-time sigma range: shifted float32 sigmas of timesteps 1..N
        this.sigmaMax = shiftF(1f);
        this.sigmaMin = shiftF(1f / train);
    }

    /** The shift applied in float32, as at construction in the reference. */
    private float shiftF(float s) {
        return (float) shift * s / (1f + (float) (shift - 1) * s);
    }

    @Override
    public OptionalInt flowTimestepScale() {
        return OptionalInt.of(train);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.FLOW_EULER;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, train);
        double[] t = Spacing.linspace(sigmaMax * train, sigmaMin * train, steps);
        double[] sigmas = new double[steps];
        for (int i = 0; i < steps; i++) {
            double s = t[i] / train;
            sigmas[i] = shift * s / (1 + (shift - 1.0) * s);
        }
        if (shiftTerminal != null && shiftTerminal != 0) {
            // stretch so that the last sigma is exactly shift_terminal
            double scale = (1 - sigmas[steps - 1]) / (1 - shiftTerminal);
            for (int i = 0; i < steps; i++) sigmas[i] = 1 - (1 - sigmas[i]) / scale;
        }
        if (karras) sigmas = Sigmas.karras(sigmas[steps - 1], sigmas[0], steps);
        double[] all = new double[steps + 1];
        double[] timesteps = new double[steps];
        for (int i = 0; i < steps; i++) {
            float s = invert ? 1f - (float) sigmas[i] : (float) sigmas[i];
            all[i] = s;
            timesteps[i] = s * (float) train;
        }
        all[steps] = invert ? 1 : 0;
        return new SequentialRun(SchedulerKind.FLOW_EULER, timesteps, 1.0) {
            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                double sigma = all[index];
                double next = all[index + 1];
                double[] z = stochastic ? draw(noise, sample.length) : null;
                double[] x = new double[sample.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = stochastic ? (1 - next) * (sample[i] - sigma * out[i]) + next * z[i]
                            : sample[i] + (next - sigma) * out[i];
                }
                return x;
            }

            // the flow path x = (1 - sigma)·x0 + sigma·noise (diffusers' scale_noise)
            @Override
            double[] noiseMix(int index) {
                return new double[] {1 - all[index], all[index]};
            }

            @Override
            double[] sigmas() {
                return all.clone();
            }
        };
    }
}
