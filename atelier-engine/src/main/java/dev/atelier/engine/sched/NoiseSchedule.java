package dev.atelier.engine.sched;

import java.util.Objects;

/**
 * A discrete-time diffusion's training noise schedule: {@code betas} and their cumulative products
 * {@code alphas_cumprod} (Ho et al. 2020, "Denoising Diffusion Probabilistic Models"), built from the config
 * keys {@code num_train_timesteps}, {@code beta_start}, {@code beta_end}, {@code beta_schedule}
 * ({@code linear}, {@code scaled_linear}, {@code squaredcos_cap_v2}), {@code trained_betas} and
 * {@code rescale_betas_zero_snr}.
 *
 * <p>The reference keeps these tables in float32, so every entry here is rounded to float32 the way its
 * computation there is, which keeps later steps within float32 rounding of the reference.
 *
 * @param betas         per-timestep noise variance, index = training timestep
 * @param alphasCumprod the product of {@code 1 - beta} up to each timestep
 */
record NoiseSchedule(double[] betas, double[] alphasCumprod) {
    NoiseSchedule {
        if (betas.length != alphasCumprod.length || betas.length < 2) {
            throw new IllegalArgumentException("need at least 2 betas and as many alphas_cumprod, got "
                    + betas.length + " and " + alphasCumprod.length);
        }
    }

    /** The beta keys' defaults of one diffusers class. */
    record Defaults(double betaStart, double betaEnd, String betaSchedule) {
        static final Defaults STANDARD = new Defaults(0.0001, 0.02, "linear");
        static final Defaults HEUN = new Defaults(0.00085, 0.012, "linear");
        static final Defaults LCM = new Defaults(0.00085, 0.012, "scaled_linear");
    }

    /** Builds the schedule; {@code rescaleAccepted} is whether the class reads {@code rescale_betas_zero_snr}. */
    static NoiseSchedule from(SchedulerConfig c, Defaults d, boolean rescaleAccepted) {
        int n = Objects.requireNonNullElse(c.numTrainTimesteps(), 1000);
        float[] betas;
        if (c.trainedBetas() != null) {
            if (c.trainedBetas().length != n) {
                throw new IllegalArgumentException("trained_betas has " + c.trainedBetas().length
                        + " values but num_train_timesteps is " + n);
            }
            betas = new float[n];
            for (int i = 0; i < n; i++) betas[i] = (float) c.trainedBetas()[i];
        } else {
            double start = Objects.requireNonNullElse(c.betaStart(), d.betaStart());
            double end = Objects.requireNonNullElse(c.betaEnd(), d.betaEnd());
            String schedule = Objects.requireNonNullElse(c.betaSchedule(), d.betaSchedule());
            betas = switch (schedule) {
                case "linear" -> linspace(start, end, n);
                case "scaled_linear" -> squared(linspace(Math.sqrt(start), Math.sqrt(end), n));
                case "squaredcos_cap_v2" -> cosine(n);
                default -> throw new IllegalArgumentException("unsupported beta_schedule '" + schedule
                        + "'; supported: linear, scaled_linear, squaredcos_cap_v2 (or trained_betas)");
            };
        }
        if (rescaleAccepted && Boolean.TRUE.equals(c.rescaleBetasZeroSnr())) betas = rescaleZeroTerminalSnr(betas);
        float[] alphas = new float[n];
        for (int i = 0; i < n; i++) alphas[i] = 1f - betas[i];
        double[] cumprod = toDouble(cumprod(alphas));
        return new NoiseSchedule(toDouble(betas), cumprod);
    }

    int trainTimesteps() {
        return betas.length;
    }

    /** float32 linspace, evaluated from both ends towards the middle as PyTorch does. */
    private static float[] linspace(double start, double end, int n) {
        float s = (float) start;
        float e = (float) end;
        float step = n > 1 ? (e - s) / (n - 1) : 0f;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = i < n / 2 ? s + step * i : e - step * (n - 1 - i);
        return out;
    }

    private static float[] squared(float[] v) {
        for (int i = 0; i < v.length; i++) v[i] = v[i] * v[i];
        return v;
    }

    /** Nichol and Dhariwal 2021, "Improved DDPM", eq. 17, with betas capped at 0.999. */
    private static float[] cosine(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double b = 1 - alphaBar((i + 1) / (double) n) / alphaBar(i / (double) n);
            out[i] = (float) Math.min(b, 0.999);
        }
        return out;
    }

    private static double alphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** Lin et al. 2024, "Common Diffusion Noise Schedules and Sample Steps are Flawed", Algorithm 1. */
    private static float[] rescaleZeroTerminalSnr(float[] betas) {
        int n = betas.length;
        float[] alphas = new float[n];
        for (int i = 0; i < n; i++) alphas[i] = 1f - betas[i];
        float[] sqrt = cumprod(alphas);
        for (int i = 0; i < n; i++) sqrt[i] = (float) Math.sqrt(sqrt[i]);
        float first = sqrt[0];
        float last = sqrt[n - 1];
        float scale = first / (first - last);
        float[] bar = new float[n];
        for (int i = 0; i < n; i++) {
            float s = (sqrt[i] - last) * scale;
            bar[i] = s * s;
        }
        float[] out = new float[n];
        out[0] = 1f - bar[0];
        for (int i = 1; i < n; i++) out[i] = 1f - bar[i] / bar[i - 1];
        return out;
    }

    /** Cumulative product accumulated in double and stored as float32, as PyTorch's CPU cumprod does. */
    private static float[] cumprod(float[] v) {
        float[] out = new float[v.length];
        double acc = 1;
        for (int i = 0; i < v.length; i++) {
            acc *= v[i];
            out[i] = (float) acc;
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
