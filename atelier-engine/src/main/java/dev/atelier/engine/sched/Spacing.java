package dev.atelier.engine.sched;

import java.util.Locale;

/**
 * How inference timesteps are spread over the training timesteps (config key {@code timestep_spacing}), after
 * Lin et al. 2024, "Common Diffusion Noise Schedules and Sample Steps are Flawed", Table 2.
 */
enum Spacing {
    LEADING, TRAILING, LINSPACE;

    static Spacing parse(String value, Spacing fallback) {
        if (value == null) return fallback;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "leading" -> LEADING;
            case "trailing" -> TRAILING;
            case "linspace" -> LINSPACE;
            default -> throw new IllegalArgumentException("unsupported timestep_spacing '" + value
                    + "'; supported: leading, trailing, linspace");
        };
    }

    /**
     * {@code steps} integer timesteps in {@code [0, trainSteps)}, descending (DDIM, PNDM, Euler-family for
     * leading and trailing). {@code offset} is {@code steps_offset}, added under leading spacing only.
     */
    long[] integerTimesteps(int steps, int trainSteps, int offset) {
        long[] out = new long[steps];
        switch (this) {
            case LINSPACE -> {
                double[] v = linspace(0, trainSteps - 1, steps);
                for (int i = 0; i < steps; i++) out[i] = (long) Math.rint(v[steps - 1 - i]);
            }
            case LEADING -> {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) out[i] = (long) (steps - 1 - i) * ratio + offset;
            }
            case TRAILING -> {
                double[] v = arangeDown(trainSteps, trainSteps / (double) steps);
                out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = (long) Math.rint(v[i]) - 1;
            }
        }
        return out;
    }

    /**
     * The timesteps of the sigma-based schedulers (Euler, Euler Ancestral, LMS, Heun) in float32: as
     * {@link #integerTimesteps} except that linspace spacing is not rounded.
     */
    double[] sigmaTimesteps(int steps, int trainSteps, int offset) {
        if (this == LINSPACE) {
            double[] v = linspace(0, trainSteps - 1, steps);
            double[] out = new double[steps];
            for (int i = 0; i < steps; i++) out[i] = (float) v[steps - 1 - i];
            return out;
        }
        long[] t = integerTimesteps(steps, trainSteps, offset);
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) out[i] = t[i];
        return out;
    }

    /**
     * The timesteps of the multistep solvers (DPM-Solver, UniPC): linspace and leading spacing divide
     * {@code [0, lastTimestep)} into {@code steps + 1} parts and drop the final one.
     */
    long[] multistepTimesteps(int steps, int trainSteps, int lastTimestep, int offset) {
        long[] out = new long[steps];
        switch (this) {
            case LINSPACE -> {
                double[] v = linspace(0, lastTimestep - 1, steps + 1);
                for (int i = 0; i < steps; i++) out[i] = (long) Math.rint(v[steps - i]);
            }
            case LEADING -> {
                int ratio = lastTimestep / (steps + 1);
                for (int i = 0; i < steps; i++) out[i] = (long) (steps - i) * ratio + offset;
            }
            case TRAILING -> {
                double[] v = arangeDown(lastTimestep, trainSteps / (double) steps);
                out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = (long) Math.rint(v[i]) - 1;
            }
        }
        return out;
    }

    /** NumPy's {@code linspace(start, stop, n)}: {@code start + i * step}, the last value exactly {@code stop}. */
    static double[] linspace(double start, double stop, int n) {
        double[] out = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) out[i] = start + i * step;
        if (n > 1) out[n - 1] = stop;
        return out;
    }

    /** NumPy's {@code arange(start, 0, -step)}. */
    private static double[] arangeDown(double start, double step) {
        int n = (int) Math.ceil(start / step);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = start - i * step;
        return out;
    }
}
