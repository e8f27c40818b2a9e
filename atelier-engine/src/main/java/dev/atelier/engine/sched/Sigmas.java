package dev.atelier.engine.sched;

/**
 * Noise levels of the sigma ("variance exploding") parameterisation of Karras et al. 2022, "Elucidating the
 * Design Space of Diffusion-Based Generative Models": {@code sigma = sqrt((1 - alphas_cumprod) / alphas_cumprod)}.
 * Values the reference holds in float32 are rounded to float32 here.
 */
final class Sigmas {
    private Sigmas() {
    }

    /** The sigma of every training timestep, ascending with the timestep (float32 values). */
    static double[] table(double[] alphasCumprod) {
        double[] out = new double[alphasCumprod.length];
        for (int i = 0; i < out.length; i++) {
            float a = (float) alphasCumprod[i];
            out[i] = (float) Math.sqrt((1f - a) / a);
        }
        return out;
    }

    /** The natural log of each sigma, in float32 like the reference's table. */
    static double[] logTable(double[] sigmas) {
        double[] out = new double[sigmas.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.log(sigmas[i]);
        return out;
    }

    /** Piecewise-linear interpolation of {@code table} (sampled at 0, 1, 2, ...) at each of {@code x}. */
    static double[] interp(double[] x, double[] table) {
        double[] out = new double[x.length];
        int last = table.length - 1;
        for (int i = 0; i < x.length; i++) {
            double t = x[i];
            if (t <= 0) out[i] = table[0];
            else if (t >= last) out[i] = table[last];
            else {
                int j = (int) Math.floor(t);
                out[i] = t == j ? table[j] : (table[j + 1] - table[j]) * (t - j) + table[j];
            }
        }
        return out;
    }

    /** Karras et al. 2022, eq. 5 with rho = 7: {@code n} sigmas from {@code max} down to {@code min}. */
    static double[] karras(double min, double max, int n) {
        double rho = 7.0;
        double minInv = Math.pow(min, 1 / rho);
        double maxInv = Math.pow(max, 1 / rho);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double ramp = n == 1 ? 0 : i / (double) (n - 1);
            out[i] = Math.pow(maxInv + ramp * (minInv - maxInv), rho);
        }
        return out;
    }

    /**
     * The fractional training timestep whose sigma is {@code sigma}: linear interpolation in log-sigma between
     * the two neighbouring table entries, clamped to the table.
     */
    static double sigmaToT(double sigma, double[] logSigmas) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int count = 0;
        for (double l : logSigmas) if (l <= logSigma) count++;
        int low = Math.clamp(count - 1, 0, logSigmas.length - 2);
        double lo = logSigmas[low];
        double hi = logSigmas[low + 1];
        double w = Math.clamp((lo - logSigma) / (lo - hi), 0.0, 1.0);
        return (1 - w) * low + w * (low + 1);
    }

    /** Inference timesteps with their sigmas (float32 values, without the final sigma). */
    record Schedule(double[] timesteps, double[] sigmas) {
    }

    /**
     * The schedule of the sigma-based schedulers (Euler, Euler Ancestral, LMS, Heun): timesteps by
     * {@code spacing}, sigmas interpolated from the table at them, or, with {@code karras}, Karras sigmas
     * between the table's ends (or {@code sigmaMin}/{@code sigmaMax} where the class has and sets those keys)
     * and the fractional timesteps they correspond to.
     */
    static Schedule forSteps(double[] alphasCumprod, Spacing spacing, int steps, int offset, boolean karras,
                             Double sigmaMin, Double sigmaMax) {
        double[] table = table(alphasCumprod);
        double[] timesteps = spacing.sigmaTimesteps(steps, alphasCumprod.length, offset);
        double[] sigmas = interp(timesteps, table);
        if (karras) {
            double min = sigmaMin != null ? sigmaMin : sigmas[sigmas.length - 1];
            double max = sigmaMax != null ? sigmaMax : sigmas[0];
            sigmas = karras(min, max, steps);
            double[] logs = logTable(table);
            timesteps = new double[steps];
            for (int i = 0; i < steps; i++) timesteps[i] = (float) sigmaToT(sigmas[i], logs);
        }
        return new Schedule(timesteps, toFloat32(sigmas));
    }

    /** Rounds each value to float32, as the reference does when it stores a table as a float32 tensor. */
    static double[] toFloat32(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    /** {@code v} with {@code last} appended. */
    static double[] append(double[] v, double last) {
        double[] out = java.util.Arrays.copyOf(v, v.length + 1);
        out[v.length] = last;
        return out;
    }

    /** {@code v} reversed. */
    static double[] reversed(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[v.length - 1 - i];
        return out;
    }
}
