package dev.atelier.engine.sched;

import java.util.Locale;

/** What the model predicts (config key {@code prediction_type}). */
enum Prediction {
    /** The noise that was added (Ho et al. 2020). */
    EPSILON,
    /** The velocity {@code alpha * noise - sigma * x0} (Salimans and Ho 2022, "Progressive Distillation"). */
    V_PREDICTION,
    /** The clean sample itself. */
    SAMPLE,
    /** The flow-matching velocity {@code noise - x0} (Lipman et al. 2023). */
    FLOW;

    static Prediction parse(String value, SchedulerKind kind, Prediction... supported) {
        Prediction p = switch (value == null ? "epsilon" : value.toLowerCase(Locale.ROOT)) {
            case "epsilon" -> EPSILON;
            case "v_prediction" -> V_PREDICTION;
            case "sample", "original_sample" -> SAMPLE;
            case "flow_prediction" -> FLOW;
            default -> null;
        };
        for (Prediction s : supported) if (s == p) return p;
        StringBuilder names = new StringBuilder();
        for (Prediction s : supported) names.append(names.isEmpty() ? "" : ", ").append(s.configName());
        throw new IllegalArgumentException(kind.cliName() + " does not support prediction_type '" + value
                + "'; supported: " + names);
    }

    String configName() {
        return switch (this) {
            case EPSILON -> "epsilon";
            case V_PREDICTION -> "v_prediction";
            case SAMPLE -> "sample";
            case FLOW -> "flow_prediction";
        };
    }

    /**
     * The denoised sample predicted from {@code out} at noise level {@code sigma} of the sigma
     * parameterisation, where the model saw {@code sample / sqrt(sigma^2 + 1)}.
     */
    double[] x0FromSigma(double[] out, double[] sample, double sigma) {
        double[] x0 = new double[sample.length];
        double c = -sigma / Math.sqrt(sigma * sigma + 1);
        double s = 1 / (sigma * sigma + 1);
        for (int i = 0; i < x0.length; i++) {
            x0[i] = switch (this) {
                case EPSILON -> sample[i] - sigma * out[i];
                case V_PREDICTION -> out[i] * c + sample[i] * s;
                case SAMPLE -> out[i];
                case FLOW -> throw new IllegalStateException("flow prediction has no sigma form");
            };
        }
        return x0;
    }

    /** The denoised sample predicted from {@code out} at a timestep whose {@code alphas_cumprod} is {@code a}. */
    double[] x0FromAlpha(double[] out, double[] sample, double a) {
        double[] x0 = new double[sample.length];
        double sa = Math.sqrt(a);
        double sb = Math.sqrt(1 - a);
        for (int i = 0; i < x0.length; i++) {
            x0[i] = switch (this) {
                case EPSILON -> (sample[i] - sb * out[i]) / sa;
                case V_PREDICTION -> sa * sample[i] - sb * out[i];
                case SAMPLE -> out[i];
                case FLOW -> throw new IllegalStateException("flow prediction has no alpha form");
            };
        }
        return x0;
    }

    /** The denoised sample from {@code out} where {@code x = alpha * x0 + sigma * noise}. */
    double[] x0FromAlphaSigma(double[] out, double[] sample, double alpha, double sigma) {
        double[] x0 = new double[sample.length];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = switch (this) {
                case EPSILON -> (sample[i] - sigma * out[i]) / alpha;
                case V_PREDICTION -> alpha * sample[i] - sigma * out[i];
                case SAMPLE -> out[i];
                case FLOW -> throw new IllegalStateException("flow prediction needs flow sigmas");
            };
        }
        return x0;
    }

    /** The noise from {@code out} where {@code x = alpha * x0 + sigma * noise}. */
    double[] epsilonFromAlphaSigma(double[] out, double[] sample, double alpha, double sigma) {
        double[] eps = new double[sample.length];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = switch (this) {
                case EPSILON -> out[i];
                case V_PREDICTION -> alpha * out[i] + sigma * sample[i];
                case SAMPLE -> (sample[i] - alpha * out[i]) / sigma;
                case FLOW -> throw new IllegalStateException("flow prediction needs flow sigmas");
            };
        }
        return eps;
    }
}
