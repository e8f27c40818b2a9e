package dev.atelier.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accuracy on Gaussian data, whose probability-flow ODE has a closed-form solution ({@link GaussianData}).
 * The error is measured on the input to the last model call (before the final first-order jump to sigma 0,
 * which every scheduler takes the same way). The higher-order parts of a solver only show here: with a
 * perfectly known clean sample they contribute nothing.
 */
class SolverAccuracyTest {
    private static final GaussianData DATA = GaussianData.standard(64);
    private static final float[] NOISE = GaussianData.noise(64, 3);

    private static double error(String kind, String json, int steps) {
        SchedulerConfig config = SchedulerConfig.parse(json).with("beta_start", 0.00085).with("beta_end", 0.012)
                .with("beta_schedule", "scaled_linear");
        SchedulerRun run = Schedulers.create(SchedulerKind.lookup(kind), config).start(steps);
        return DATA.solve(run, NOISE, Prediction.EPSILON).beforeLastCall();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dpmpp-2m {}", "dpmpp-2m {\"solver_type\": \"heun\"}", "dpmpp-2m {\"solver_order\": 3}",
            "dpmpp-2m {\"algorithm_type\": \"dpmsolver\", \"final_sigmas_type\": \"sigma_min\"}",
            "unipc {}", "unipc {\"solver_type\": \"bh1\"}", "unipc {\"solver_order\": 3}",
            "unipc {\"predict_x0\": false, \"final_sigmas_type\": \"sigma_min\"}"})
    void multistepSolversBeatTheFirstOrderUpdateFourfold(String spec) {
        String[] parts = spec.split(" ", 2);
        double firstOrder = error("dpmpp-2m", "{\"solver_order\": 1}", 20);
        assertThat(error(parts[0], parts[1], 20)).isLessThan(firstOrder / 4);
    }

    @Test
    void heunIsSecondOrder() {
        double e10 = error("heun", "{}", 10);
        double e20 = error("heun", "{}", 20);
        double e40 = error("heun", "{}", 40);
        assertThat(e10 / e20).isGreaterThan(3);
        assertThat(e20 / e40).isGreaterThan(3);
    }

    @Test
    void eulerIsFirstOrder() {
        double ratio = error("euler", "{}", 20) / error("euler", "{}", 40);
        assertThat(ratio).isBetween(1.5, 2.5);
    }

    @Test
    void heunBeatsEulerAtEqualModelCalls() {
        assertThat(error("heun", "{}", 20)).isLessThan(error("euler", "{}", 40) / 4);
    }

    @Test
    void lmsBeatsEulerTenfold() {
        assertThat(error("lms", "{}", 20)).isLessThan(error("euler", "{}", 20) / 10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"skip_prk_steps\": true, \"steps_offset\": 1}", "{\"steps_offset\": 1}"})
    void pndmBeatsDdimThreefold(String json) {
        String ddim = "{\"clip_sample\": false, \"set_alpha_to_one\": false, \"steps_offset\": 1}";
        assertThat(error("pndm", json, 20)).isLessThan(error("ddim", ddim, 20) / 3);
    }
}
