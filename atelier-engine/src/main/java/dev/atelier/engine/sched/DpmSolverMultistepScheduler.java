package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * Multistep DPM-Solver++ (Lu et al. 2022, "DPM-Solver++", Algorithm 2; third order after the DPM-Solver
 * paper's eq. 3.7 family), as diffusers' {@code DPMSolverMultistepScheduler} with {@code algorithm_type}
 * {@code dpmsolver++} (the CLI's dpmpp-2m at the default {@code solver_order} 2) or the older
 * {@code dpmsolver} (noise-prediction form). The model sees the sample unscaled.
 *
 * <p>Config keys: the beta keys, {@code rescale_betas_zero_snr}, {@code solver_order} (1-3, default 2),
 * {@code prediction_type} (epsilon, v_prediction, sample), {@code algorithm_type}, {@code solver_type}
 * (midpoint, heun), {@code lower_order_final}, {@code euler_at_final}, {@code use_karras_sigmas},
 * {@code final_sigmas_type} (zero, sigma_min), {@code lambda_min_clipped}, {@code timestep_spacing} (default
 * linspace), {@code steps_offset}.
 */
final class DpmSolverMultistepScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final MultistepUpdate update;
    private final int solverOrder;
    private final boolean lowerOrderFinal;
    private final boolean eulerAtFinal;
    private final boolean karras;
    private final boolean finalSigmaMin;

    DpmSolverMultistepScheduler(SchedulerConfig c) {
        SchedulerKind kind = SchedulerKind.DPMPP_2M;
        this.config = c;
        NoiseSchedule schedule = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, true);
        this.alphasCumprod = schedule.alphasCumprod();
        if (Boolean.TRUE.equals(c.rescaleBetasZeroSnr())) alphasCumprod[alphasCumprod.length - 1] = 0x1p-24;
        this.prediction = Prediction.parse(c.predictionType(), kind,
                Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LINSPACE);
        this.solverOrder = Objects.requireNonNullElse(c.solverOrder(), 2);
        boolean dataPrediction = Options.oneOf(c.algorithmType(), "algorithm_type", "dpmsolver++",
                "dpmsolver++", "dpmsolver", "deis").equals("dpmsolver");
        // diffusers maps the other solvers' solver_type values to midpoint
        String solverType = Options.oneOf(c.solverType(), "solver_type", "midpoint",
                "midpoint", "heun", "logrho", "bh1", "bh2");
        this.update = new MultistepUpdate(!dataPrediction, solverType.equals("heun"));
        this.lowerOrderFinal = Objects.requireNonNullElse(c.lowerOrderFinal(), true);
        this.eulerAtFinal = Objects.requireNonNullElse(c.eulerAtFinal(), false);
        this.karras = Boolean.TRUE.equals(c.useKarrasSigmas());
        this.finalSigmaMin = Options.oneOf(c.finalSigmasType(), "final_sigmas_type", "zero", "zero", "sigma_min")
                .equals("sigma_min");
        if (dataPrediction && !finalSigmaMin) {
            throw new IllegalArgumentException("final_sigmas_type 'zero' needs algorithm_type dpmsolver++; "
                    + "use final_sigmas_type 'sigma_min' with dpmsolver");
        }
        Options.unsupported(c.thresholding(), "thresholding", kind);
        Options.unsupported(c.useExponentialSigmas(), "use_exponential_sigmas", kind);
        Options.unsupported(c.useBetaSigmas(), "use_beta_sigmas", kind);
        Options.unsupported(c.useLuLambdas(), "use_lu_lambdas", kind);
        Options.unsupported(c.useFlowSigmas(), "use_flow_sigmas", kind);
        Options.unsupported(c.useDynamicShifting(), "use_dynamic_shifting", kind);
        if (c.varianceType() != null) throw new IllegalArgumentException("variance_type is not supported by " + kind.cliName());
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.DPMPP_2M;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        int train = alphasCumprod.length;
        double[] table = Sigmas.table(alphasCumprod);
        double lambdaMin = Objects.requireNonNullElse(config.lambdaMinClipped(), Double.NEGATIVE_INFINITY);
        // lambda_min_clipped (Lu et al. 2022, section 5) cuts off the low-SNR end of the schedule
        int clipped = 0;
        for (int t = train - 1; t >= 0; t--) {
            float a = (float) alphasCumprod[t];
            if ((float) Math.log((float) Math.sqrt(a)) - (float) Math.log((float) Math.sqrt(1f - a)) < lambdaMin) clipped++;
            else break;
        }
        long[] t = spacing.multistepTimesteps(steps, train, train - clipped,
                Objects.requireNonNullElse(config.stepsOffset(), 0));
        double[] timesteps = new double[t.length];
        double[] sigmas;
        if (karras) {
            sigmas = Sigmas.karras(table[0], table[train - 1], steps);
            double[] logs = Sigmas.logTable(table);
            timesteps = new double[steps];
            boolean round = !"squaredcos_cap_v2".equals(config.betaSchedule());
            for (int i = 0; i < steps; i++) {
                double tt = Sigmas.sigmaToT(sigmas[i], logs);
                timesteps[i] = round ? Math.rint(tt) : (long) tt;
            }
        } else {
            for (int i = 0; i < t.length; i++) timesteps[i] = t[i];
            sigmas = Sigmas.interp(timesteps, table);
        }
        double last = finalSigmaMin ? table[0] : 0;
        double[] all = Sigmas.append(Sigmas.toFloat32(sigmas), (float) last);
        int n = timesteps.length;
        return new MultistepRun(SchedulerKind.DPMPP_2M, timesteps, all) {
            private final double[][] history = new double[solverOrder][];
            private int lowerOrderNums;

            @Override
            double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
                boolean finalFirstOrder = index == n - 1
                        && (eulerAtFinal || (lowerOrderFinal && n < 15) || !finalSigmaMin);
                boolean finalSecondOrder = index == n - 2 && lowerOrderFinal && n < 15;
                double[] m = update.dataPrediction()
                        ? prediction.x0FromAlphaSigma(out, sample, alpha(index), sigmaT(index))
                        : prediction.epsilonFromAlphaSigma(out, sample, alpha(index), sigmaT(index));
                System.arraycopy(history, 1, history, 0, solverOrder - 1);
                history[solverOrder - 1] = m;
                double[] next;
                if (solverOrder == 1 || lowerOrderNums < 1 || finalFirstOrder) {
                    next = update.firstOrder(this, index, sample, m);
                } else if (solverOrder == 2 || lowerOrderNums < 2 || finalSecondOrder) {
                    next = update.secondOrder(this, index, sample, history[solverOrder - 1], history[solverOrder - 2]);
                } else {
                    next = update.thirdOrder(this, index, sample, history[2], history[1], history[0]);
                }
                if (lowerOrderNums < solverOrder) lowerOrderNums++;
                return next;
            }
        };
    }
}
