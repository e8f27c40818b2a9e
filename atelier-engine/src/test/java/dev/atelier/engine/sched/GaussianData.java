package dev.atelier.engine.sched;

/**
 * An exactly solvable test problem: data whose every value is Gaussian with mean {@code mu[i]} and standard
 * deviation {@code s}, noised with Stable Diffusion's schedule (scaled_linear betas 0.00085..0.012 over 1000
 * steps). For it the ideal denoiser and the probability-flow ODE's solution are known in closed form
 * (Karras et al. 2022, section 2): in the sigma parameterisation {@code x = x0 + sigma * noise},
 * {@code E[x0 | x] = mu + s^2 / (s^2 + sigma^2) (x - mu)}, and the ODE carries {@code x(sigma)} to
 * {@code mu + (x - mu) * sqrt(s^2 + sigma'^2) / sqrt(s^2 + sigma^2)}.
 */
final class GaussianData {
    static final SchedulerConfig SD = SchedulerConfig.parse("""
            {"beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "num_train_timesteps": 1000}""");

    private final double[] mu;
    private final double s;
    private final double[] logSigma = new double[1000];

    GaussianData(double[] mu, double s) {
        this.mu = mu;
        this.s = s;
        // the plain double-precision schedule, independent of the code under test
        double a = Math.sqrt(0.00085);
        double b = Math.sqrt(0.012);
        double cumprod = 1;
        for (int t = 0; t < 1000; t++) {
            double r = a + (b - a) * t / 999;
            cumprod *= 1 - r * r;
            logSigma[t] = 0.5 * Math.log((1 - cumprod) / cumprod);
        }
    }

    /** The noise level of a (possibly fractional) training timestep: log-sigma interpolated linearly. */
    double sigma(double t) {
        int lo = (int) Math.min(Math.floor(t), 998);
        double w = t - lo;
        return Math.exp((1 - w) * logSigma[lo] + w * logSigma[lo + 1]);
    }

    /** The ideal model output for a model input in the alpha parameterisation {@code x / sqrt(sigma^2 + 1)}. */
    float[] model(float[] input, double t, Prediction prediction) {
        double sigma = sigma(t);
        double scale = Math.sqrt(sigma * sigma + 1);
        float[] out = new float[input.length];
        for (int i = 0; i < out.length; i++) {
            double x = input[i] * scale; // sigma parameterisation
            double x0 = mu[i] + s * s / (s * s + sigma * sigma) * (x - mu[i]);
            double eps = (x - x0) / sigma;
            double alpha = 1 / scale;
            double sigmaT = sigma / scale;
            out[i] = (float) switch (prediction) {
                case EPSILON -> eps;
                case V_PREDICTION -> alpha * eps - sigmaT * x0;
                case SAMPLE -> x0;
                case FLOW -> throw new IllegalArgumentException("not a flow problem");
            };
        }
        return out;
    }

    /** How far a run's samples are from the exact ODE solution. */
    record Errors(double beforeLastCall, double end) {
    }

    /**
     * Samples {@code run} with the ideal model from {@code noise}. The sample before call {@code j} sits at
     * timestep {@code t[j]} (its model input is in the alpha parameterisation for every scheduler), so the
     * input to the last call is compared with the exact solution there, and the end with the one at sigma 0.
     * Errors are relative: max abs difference over max abs exact value.
     */
    Errors solve(SchedulerRun run, float[] noise, Prediction prediction) {
        return solve(run, noise, prediction, null);
    }

    /** As {@link #solve(SchedulerRun, float[], Prediction)}, stochastic schedulers drawing from {@code source}. */
    Errors solve(SchedulerRun run, float[] noise, Prediction prediction, NoiseSource source) {
        float[] sample = new float[noise.length];
        for (int i = 0; i < noise.length; i++) sample[i] = (float) (noise[i] * run.initNoiseSigma());
        double[] t = run.timesteps();
        float[] first = null;
        double before = 0;
        for (int i = 0; i < t.length; i++) {
            float[] input = run.scaleModelInput(sample, i);
            if (i == 0) first = input;
            if (i == t.length - 1) before = relative(input, toAlpha(exactAt(first, t[0], sigma(t[i])), sigma(t[i])));
            sample = run.step(model(input, t[i], prediction), i, sample, source);
        }
        // where the schedule ends above sigma 0 (final_sigmas_type sigma_min) the exact solution is taken there,
        // in the sample's own parameterisation (sigma-based runs hold x = x0 + sigma * noise)
        double[] sigmas = ((SequentialRun) run).sigmas();
        double end = sigmas.length > 0 ? sigmas[sigmas.length - 1] : 0;
        double[] exactEnd = exactAt(first, t[0], end);
        return new Errors(before, relative(sample, run instanceof SigmaRun ? exactEnd : toAlpha(exactEnd, end)));
    }

    /** The exact solution at {@code sigma} (sigma parameterisation) from a first input at timestep t0. */
    private double[] exactAt(float[] firstInput, double t0, double sigma) {
        double s0 = sigma(t0);
        double scale = Math.sqrt(s0 * s0 + 1);
        double[] x = new double[firstInput.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = mu[i] + (firstInput[i] * scale - mu[i]) * Math.sqrt(s * s + sigma * sigma) / Math.sqrt(s * s + s0 * s0);
        }
        return x;
    }

    private static double[] toAlpha(double[] x, double sigma) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] / Math.sqrt(sigma * sigma + 1);
        return out;
    }

    private static double relative(float[] actual, double[] exact) {
        double diff = 0;
        double max = 0;
        for (int i = 0; i < exact.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - exact[i]));
            max = Math.max(max, Math.abs(exact[i]));
        }
        return diff / max;
    }

    /** Data that is exactly {@code mu}: the ideal model predicts it perfectly from any noisy sample. */
    static GaussianData point(int n) {
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) mu[i] = Math.sin(0.7 * i);
        return new GaussianData(mu, 0);
    }

    static GaussianData standard(int n) {
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) mu[i] = Math.sin(0.7 * i);
        return new GaussianData(mu, 0.5);
    }

    static float[] noise(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] z = new float[n];
        for (int i = 0; i < n; i++) z[i] = (float) r.nextGaussian();
        return z;
    }
}
