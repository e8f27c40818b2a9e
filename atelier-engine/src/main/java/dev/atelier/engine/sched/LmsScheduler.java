package dev.atelier.engine.sched;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;

/**
 * Linear multistep sampling in the sigma parameterisation (Karras et al. 2022's k-diffusion
 * {@code sample_lms}), as diffusers' {@code LMSDiscreteScheduler}, with order up to 4. The coefficients are
 * integrals of Lagrange basis polynomials over {@code [sigma_i, sigma_i+1]}; they are computed exactly here by
 * Gauss-Legendre quadrature (the integrands are polynomials of degree at most 3).
 *
 * <p>Config keys: the beta keys, {@code use_karras_sigmas}, {@code prediction_type} (epsilon, v_prediction,
 * sample), {@code timestep_spacing} (default linspace), {@code steps_offset}.
 */
final class LmsScheduler implements Scheduler {
    private static final int ORDER = 4;
    /** Three-point Gauss-Legendre nodes and weights on [-1, 1]. */
    private static final double[] NODES = {-Math.sqrt(0.6), 0, Math.sqrt(0.6)};
    private static final double[] WEIGHTS = {5.0 / 9, 8.0 / 9, 5.0 / 9};

    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final boolean karras;

    LmsScheduler(SchedulerConfig c) {
        this.config = c;
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, false).alphasCumprod();
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.LMS,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LINSPACE);
        this.karras = Boolean.TRUE.equals(c.useKarrasSigmas());
        Options.unsupported(c.useExponentialSigmas(), "use_exponential_sigmas", SchedulerKind.LMS);
        Options.unsupported(c.useBetaSigmas(), "use_beta_sigmas", SchedulerKind.LMS);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.LMS;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        Sigmas.Schedule s = Sigmas.forSteps(alphasCumprod, spacing, steps,
                Objects.requireNonNullElse(config.stepsOffset(), 0), karras, null, null);
        double[] sigmas = Sigmas.append(s.sigmas(), 0);
        Deque<double[]> derivatives = new ArrayDeque<>();
        return new SigmaRun(SchedulerKind.LMS, s.timesteps(), sigmas, Options.sigmaInitNoise(sigmas, spacing)) {
            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                double sigma = sigmas[index];
                double[] x0 = prediction.x0FromSigma(out, sample, sigma);
                double[] d = new double[sample.length];
                for (int i = 0; i < d.length; i++) d[i] = (sample[i] - x0[i]) / sigma;
                derivatives.addFirst(d);
                if (derivatives.size() > ORDER) derivatives.removeLast();
                int order = Math.min(index + 1, ORDER);
                // diffusers zips the coefficients with the derivatives it holds: a run begun late has fewer
                int terms = Math.min(order, derivatives.size());
                double[] next = sample.clone();
                Iterator<double[]> newestFirst = derivatives.iterator();
                for (int j = 0; j < terms; j++) {
                    double coeff = coefficient(sigmas, order, index, j);
                    double[] dj = newestFirst.next();
                    for (int i = 0; i < next.length; i++) next[i] += coeff * dj[i];
                }
                return next;
            }
        };
    }

    /**
     * The integral over {@code [sigma_t, sigma_t+1]} of the Lagrange basis polynomial that is 1 at
     * {@code sigma_(t-current)} and 0 at the other {@code order - 1} previous sigmas.
     */
    static double coefficient(double[] sigmas, int order, int t, int current) {
        double a = sigmas[t];
        double b = sigmas[t + 1];
        double sum = 0;
        for (int q = 0; q < NODES.length; q++) {
            double tau = (a + b) / 2 + (b - a) / 2 * NODES[q];
            double prod = 1;
            for (int k = 0; k < order; k++) {
                if (k == current) continue;
                prod *= (tau - sigmas[t - k]) / (sigmas[t - current] - sigmas[t - k]);
            }
            sum += WEIGHTS[q] * prod;
        }
        return sum * (b - a) / 2;
    }
}
