package dev.atelier.engine.sched;

import java.util.Arrays;

/** Checks of config values shared by the schedulers; errors name the key, the bad value and the valid ones. */
final class Options {
    private Options() {
    }

    /** {@code value}, or {@code fallback} when absent; one of {@code valid}. */
    static String oneOf(String value, String key, String fallback, String... valid) {
        String v = value == null ? fallback : value;
        if (!Arrays.asList(valid).contains(v)) {
            throw new IllegalArgumentException("unsupported " + key + " '" + v + "'; supported: " + String.join(", ", valid));
        }
        return v;
    }

    /** Fails unless {@code value} is absent or {@code only}. */
    static void require(String value, String key, String only) {
        oneOf(value, key, only, only);
    }

    /** Fails when a boolean option Atelier does not implement is switched on. */
    static void unsupported(Boolean value, String key, SchedulerKind kind) {
        if (Boolean.TRUE.equals(value)) {
            throw new IllegalArgumentException(key + " is not supported by Atelier's " + kind.cliName() + " scheduler");
        }
    }

    static void checkSteps(int steps, int trainSteps) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException("steps must be in [1, " + trainSteps + "], got " + steps);
        }
    }

    /**
     * diffusers' {@code init_noise_sigma} of the sigma-based schedulers: the largest sigma, or
     * {@code sqrt(max^2 + 1)} under leading spacing (computed in float32 as there).
     */
    static double sigmaInitNoise(double[] sigmas, Spacing spacing) {
        float max = 0;
        for (double s : sigmas) max = Math.max(max, (float) s);
        return spacing == Spacing.LEADING ? (float) Math.sqrt(max * max + 1f) : max;
    }
}
