package dev.atelier.engine.sched;

import java.util.Arrays;
import java.util.Objects;

/**
 * UniPC (Zhao et al. 2023, "UniPC: A Unified Predictor-Corrector Framework", Algorithms 2-3 with the B(h)
 * choices bh1 and bh2), as diffusers' {@code UniPCMultistepScheduler}: a multistep predictor of order up to
 * {@code solver_order}, and at every step after the first a corrector that reuses the new model evaluation.
 * The model sees the sample unscaled.
 *
 * <p>Config keys: the beta keys, {@code rescale_betas_zero_snr}, {@code solver_order} (default 2),
 * {@code prediction_type} (epsilon, v_prediction, sample), {@code predict_x0}, {@code solver_type} (bh1, bh2),
 * {@code lower_order_final}, {@code disable_corrector}, {@code use_karras_sigmas}, {@code sigma_min},
 * {@code sigma_max}, {@code final_sigmas_type} (zero, sigma_min), {@code timestep_spacing} (default linspace),
 * {@code steps_offset}.
 */
final class UniPcScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final UniPcUpdate update;
    private final int solverOrder;
    private final boolean lowerOrderFinal;
    private final int[] disableCorrector;
    private final boolean karras;
    private final boolean finalSigmaMin;

    UniPcScheduler(SchedulerConfig c) {
        SchedulerKind kind = SchedulerKind.UNIPC;
        this.config = c;
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, true).alphasCumprod();
        if (Boolean.TRUE.equals(c.rescaleBetasZeroSnr())) alphasCumprod[alphasCumprod.length - 1] = 0x1p-24;
        this.prediction = Prediction.parse(c.predictionType(), kind,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LINSPACE);
        this.solverOrder = Objects.requireNonNullElse(c.solverOrder(), 2);
        // diffusers maps DPM-Solver's solver_type values to bh2
        String type = Options.oneOf(c.solverType(), "solver_type", "bh2", "bh1", "bh2", "midpoint", "heun", "logrho");
        this.update = new UniPcUpdate(Objects.requireNonNullElse(c.predictX0(), true), type.equals("bh1"));
        this.lowerOrderFinal = Objects.requireNonNullElse(c.lowerOrderFinal(), true);
        this.disableCorrector = c.disableCorrector() == null ? new int[0] : c.disableCorrector().clone();
        this.karras = Boolean.TRUE.equals(c.useKarrasSigmas());
        this.finalSigmaMin = Options.oneOf(c.finalSigmasType(), "final_sigmas_type", "zero", "zero", "sigma_min")
                .equals("sigma_min");
        if (!update.predictX0() && !finalSigmaMin) {
            // the noise-prediction update multiplies sigma_t = 0 by an infinite e^h - 1 on the last step
            throw new IllegalArgumentException("unipc with predict_x0 false needs final_sigmas_type 'sigma_min'");
        }
        Options.unsupported(c.thresholding(), "thresholding", kind);
        Options.unsupported(c.useExponentialSigmas(), "use_exponential_sigmas", kind);
        Options.unsupported(c.useBetaSigmas(), "use_beta_sigmas", kind);
        Options.unsupported(c.useFlowSigmas(), "use_flow_sigmas", kind);
        Options.unsupported(c.useDynamicShifting(), "use_dynamic_shifting", kind);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.UNIPC;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        int train = alphasCumprod.length;
        double[] table = Sigmas.table(alphasCumprod);
        long[] t = spacing.multistepTimesteps(steps, train, train, Objects.requireNonNullElse(config.stepsOffset(), 0));
        double[] timesteps = new double[t.length];
        double[] sigmas;
        double last;
        if (karras) {
            double min = config.sigmaMin() != null ? config.sigmaMin() : table[0];
            double max = config.sigmaMax() != null ? config.sigmaMax() : table[train - 1];
            sigmas = Sigmas.karras(min, max, steps);
            double[] logs = Sigmas.logTable(table);
            timesteps = new double[steps];
            for (int i = 0; i < steps; i++) timesteps[i] = Math.rint(Sigmas.sigmaToT(sigmas[i], logs));
            last = finalSigmaMin ? sigmas[steps - 1] : 0;
        } else {
            for (int i = 0; i < t.length; i++) timesteps[i] = t[i];
            sigmas = Sigmas.interp(timesteps, table);
            last = finalSigmaMin ? table[0] : 0;
        }
        double[] all = Sigmas.append(Sigmas.toFloat32(sigmas), (float) last);
        int n = timesteps.length;
        return new MultistepRun(SchedulerKind.UNIPC, timesteps, all) {
            private final double[][] history = new double[solverOrder][];
            private double[] lastSample;
            private int lowerOrderNums;
            private int thisOrder;

            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                double[] m = update.predictX0()
                        ? prediction.x0FromAlphaSigma(out, sample, alpha(index), sigmaT(index))
                        : prediction.epsilonFromAlphaSigma(out, sample, alpha(index), sigmaT(index));
                int previous = index - 1;
                boolean correct = index > 0 && lastSample != null
                        && Arrays.stream(disableCorrector).noneMatch(d -> d == previous);
                double[] x = correct ? update.correct(this, index, m, lastSample, sample, history, thisOrder) : sample;
                System.arraycopy(history, 1, history, 0, solverOrder - 1);
                history[solverOrder - 1] = m;
                int order = lowerOrderFinal ? Math.min(solverOrder, n - index) : solverOrder;
                thisOrder = Math.min(order, lowerOrderNums + 1);
                lastSample = x;
                double[] next = update.predict(this, index, x, history, thisOrder);
                if (lowerOrderNums < solverOrder) lowerOrderNums++;
                return next;
            }
        };
    }
}
