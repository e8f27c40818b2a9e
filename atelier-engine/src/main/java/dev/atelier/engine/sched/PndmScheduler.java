package dev.atelier.engine.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pseudo Numerical methods for Diffusion Models (Liu et al. 2022, "PNDM", eqs. 9 and 12-13), as diffusers'
 * {@code PNDMScheduler}: pseudo Runge-Kutta warm-up steps (unless {@code skip_prk_steps}) followed by
 * pseudo linear multistep (PLMS) steps. With {@code skip_prk_steps} the second timestep is listed twice.
 *
 * <p>Config keys: the beta keys, {@code skip_prk_steps} (default false), {@code set_alpha_to_one} (default
 * false), {@code prediction_type} (epsilon, v_prediction), {@code timestep_spacing} (default leading),
 * {@code steps_offset}.
 */
final class PndmScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final double finalAlphaCumprod;
    private final Prediction prediction;
    private final Spacing spacing;
    private final boolean skipPrk;

    PndmScheduler(SchedulerConfig c) {
        this.config = c;
        this.alphasCumprod = NoiseSchedule.from(c, NoiseSchedule.Defaults.STANDARD, false).alphasCumprod();
        this.finalAlphaCumprod = Objects.requireNonNullElse(c.setAlphaToOne(), false) ? 1.0 : alphasCumprod[0];
        this.prediction = Prediction.parse(c.predictionType(), SchedulerKind.PNDM, Prediction.EPSILON, Prediction.V_PREDICTION);
        this.spacing = Spacing.parse(c.timestepSpacing(), Spacing.LEADING);
        this.skipPrk = Objects.requireNonNullElse(c.skipPrkSteps(), false);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.PNDM;
    }

    @Override
    public SchedulerRun start(int steps) {
        Options.checkSteps(steps, alphasCumprod.length);
        int train = alphasCumprod.length;
        long[] desc = spacing.integerTimesteps(steps, train, Objects.requireNonNullElse(config.stepsOffset(), 0));
        int n = desc.length;
        List<Long> prk = new ArrayList<>();
        List<Long> plms = new ArrayList<>();
        if (skipPrk) {
            // the first PLMS step is repeated: the second model call completes it (eq. 13 with one history entry)
            for (int i = 0; i < n; i++) {
                plms.add(desc[i]);
                if (i == 1) plms.add(desc[i]);
            }
        } else {
            if (n < 4) throw new IllegalArgumentException("pndm with Runge-Kutta steps needs at least 4 steps, got " + steps);
            // each of the last 4 timesteps t and t + stride/2, twice, in descending order (4 calls per RK step)
            int half = train / steps / 2;
            List<Long> pairs = new ArrayList<>();
            for (int i = 3; i >= 0; i--) {
                pairs.add(desc[i]);
                pairs.add(desc[i] + half);
            }
            List<Long> rep = new ArrayList<>();
            for (Long v : pairs.subList(0, pairs.size() - 1)) { rep.add(v); rep.add(v); }
            List<Long> inner = rep.subList(1, rep.size() - 1);
            for (int i = inner.size() - 1; i >= 0; i--) prk.add(inner.get(i));
            for (int i = 3; i < n; i++) plms.add(desc[i]);
        }
        long[] all = new long[prk.size() + plms.size()];
        double[] timesteps = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i < prk.size() ? prk.get(i) : plms.get(i - prk.size());
            timesteps[i] = all[i];
        }
        return new Run(timesteps, all, prk.size(), train / steps);
    }

    private final class Run extends SequentialRun {
        private final long[] t;
        private final int prkCalls;
        private final int stride;
        private final List<double[]> ets = new ArrayList<>();
        private double[] curSample;
        private double[] curOutput;
        private int counter;

        Run(double[] timesteps, long[] t, int prkCalls, int stride) {
            super(SchedulerKind.PNDM, timesteps, 1.0);
            this.t = t;
            this.prkCalls = prkCalls;
            this.stride = stride;
        }

        @Override
        double[] noiseMix(int index) {
            return alphaMix(alphasCumprod[(int) t[index]]);
        }

        @Override
        double[] advance(double[] out, int index, double[] sample, NoiseSource noise) {
            double[] next = counter < prkCalls ? prk(out, index, sample) : plms(out, index, sample);
            counter++;
            return next;
        }

        /** A Runge-Kutta sub-step: weights 1/6, 1/3, 1/3, 1/6 over four calls (PNDM eq. 12). */
        private double[] prk(double[] out, int index, double[] sample) {
            int diffToPrev = counter % 2 == 1 ? 0 : stride / 2;
            long prevTimestep = t[index] - diffToPrev;
            long timestep = t[counter / 4 * 4];
            double[] eps = out;
            switch (counter % 4) {
                case 0 -> { curOutput = scaled(out, 1.0 / 6, null); ets.add(out); curSample = sample; }
                case 1, 2 -> curOutput = scaled(out, 1.0 / 3, curOutput);
                default -> { eps = scaled(out, 1.0 / 6, curOutput); curOutput = null; }
            }
            return prevSample(curSample != null ? curSample : sample, timestep, prevTimestep, eps);
        }

        /** A linear multistep step of order up to 4 (PNDM eq. 13 and its lower-order starts). */
        private double[] plms(double[] out, int index, double[] sample) {
            long timestep = t[index];
            long prevTimestep = timestep - stride;
            if (counter != 1) {
                while (ets.size() > 3) ets.removeFirst();
                ets.add(out);
            } else {
                prevTimestep = timestep;
                timestep = timestep + stride;
            }
            int k = ets.size();
            double[] eps = new double[out.length];
            double[] x = sample;
            for (int i = 0; i < eps.length; i++) {
                double e1 = ets.get(k - 1)[i];
                eps[i] = switch (k) {
                    case 1 -> counter == 0 ? out[i] : (out[i] + e1) / 2;
                    case 2 -> (3 * e1 - ets.get(0)[i]) / 2;
                    case 3 -> (23 * e1 - 16 * ets.get(1)[i] + 5 * ets.get(0)[i]) / 12;
                    default -> (55 * e1 - 59 * ets.get(k - 2)[i] + 37 * ets.get(k - 3)[i] - 9 * ets.get(k - 4)[i]) / 24;
                };
            }
            if (k == 1 && counter == 0) curSample = sample;
            else if (k == 1 && counter == 1) { x = curSample; curSample = null; }
            return prevSample(x, timestep, prevTimestep, eps);
        }

        /** PNDM eq. 9: the transfer from {@code timestep} to {@code prevTimestep} given the noise estimate. */
        private double[] prevSample(double[] x, long timestep, long prevTimestep, double[] out) {
            double a = alphasCumprod[(int) timestep];
            double aPrev = prevTimestep >= 0 ? alphasCumprod[(int) prevTimestep] : finalAlphaCumprod;
            double b = 1 - a;
            double bPrev = 1 - aPrev;
            double sampleCoeff = Math.sqrt(aPrev / a);
            double denom = a * Math.sqrt(bPrev) + Math.sqrt(a * b * aPrev);
            double[] next = new double[x.length];
            for (int i = 0; i < next.length; i++) {
                double eps = prediction == Prediction.V_PREDICTION ? Math.sqrt(a) * out[i] + Math.sqrt(b) * x[i] : out[i];
                next[i] = sampleCoeff * x[i] - (aPrev - a) * eps / denom;
            }
            return next;
        }

        private static double[] scaled(double[] v, double w, double[] plus) {
            double[] r = new double[v.length];
            for (int i = 0; i < r.length; i++) r[i] = w * v[i] + (plus == null ? 0 : plus[i]);
            return r;
        }
    }
}
