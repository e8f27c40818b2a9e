package dev.atelier.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shapes of the schedules and the contract of a run, for every scheduler. */
class SchedulerPropertiesTest {
    private static final SchedulerConfig SD = GaussianData.SD;

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void timestepsDescendWithinTheTrainingRange(SchedulerKind kind) {
        for (String spacing : new String[] {"leading", "trailing", "linspace"}) {
            for (int steps : new int[] {1, 2, 7, 25, 50}) {
                if (kind == SchedulerKind.PNDM && steps < 4) continue; // Runge-Kutta warm-up needs 4
                double[] t = Schedulers.create(kind, SD.with("timestep_spacing", spacing)).start(steps).timesteps();
                String what = kind + " " + spacing + " " + steps + ": " + Arrays.toString(t);
                assertThat(t).as(what).hasSize(expectedCalls(kind, steps));
                for (double v : t) assertThat(v).as(what).isBetween(0.0, 1000.0);
                double[] distinct = Arrays.stream(t).distinct().toArray();
                for (int i = 1; i < distinct.length; i++) assertThat(distinct[i]).as(what).isLessThan(distinct[i - 1]);
            }
        }
    }

    private static int expectedCalls(SchedulerKind kind, int steps) {
        return switch (kind) {
            case HEUN -> 2 * steps - 1;
            case PNDM -> steps + 9;
            default -> steps;
        };
    }

    @Test
    void heunListsEveryTimestepAfterTheFirstTwice() {
        double[] t = Schedulers.create(SchedulerKind.HEUN, SD).start(4).timesteps();
        assertThat(t).containsExactly(999, 666, 666, 333, 333, 0, 0);
    }

    @Test
    void pndmWithRungeKuttaStepsHalvesTheFirstThreeSteps() {
        double[] t = Schedulers.create(SchedulerKind.PNDM, SD.with("steps_offset", 1)).start(10).timesteps();
        assertThat(t).containsExactly(901, 851, 851, 801, 801, 751, 751, 701, 701, 651, 651, 601,
                601, 501, 401, 301, 201, 101, 1);
    }

    @Test
    void pndmSkippingRungeKuttaRepeatsTheSecondTimestep() {
        double[] t = Schedulers.create(SchedulerKind.PNDM, SD.with("skip_prk_steps", true).with("steps_offset", 1))
                .start(4).timesteps();
        assertThat(t).containsExactly(751, 501, 501, 251, 1);
    }

    @Test
    void karrasSigmasAreEvenlySpacedInSigmaToTheOneSeventh() {
        SequentialRun run = (SequentialRun) Schedulers.create(SchedulerKind.EULER, SD, true).start(10);
        double[] s = run.sigmas();
        double step = Math.pow(s[1], 1 / 7.0) - Math.pow(s[0], 1 / 7.0);
        for (int i = 1; i < 10; i++) {
            assertThat(Math.pow(s[i], 1 / 7.0) - Math.pow(s[i - 1], 1 / 7.0)).isCloseTo(step, offset(1e-6));
        }
        assertThat(s[0]).isCloseTo(14.6146, offset(1e-3));
        assertThat(s[10]).isZero();
    }

    @Test
    void leadingSpacingScalesTheInitialNoiseForTheUnitVarianceInput() {
        SequentialRun linspace = (SequentialRun) Schedulers.create(SchedulerKind.EULER, SD).start(10);
        assertThat(linspace.initNoiseSigma()).isEqualTo(linspace.sigmas()[0]);
        SequentialRun leading = (SequentialRun) Schedulers.create(SchedulerKind.EULER,
                SD.with("timestep_spacing", "leading").with("steps_offset", 1)).start(10);
        double first = leading.sigmas()[0];
        assertThat(leading.initNoiseSigma()).isCloseTo(Math.sqrt(first * first + 1), offset(1e-5));
    }

    @Test
    void zeroTerminalSnrMakesEulerStartAtSigma4096() {
        SchedulerConfig config = SD.with("rescale_betas_zero_snr", true).with("timestep_spacing", "trailing");
        SequentialRun run = (SequentialRun) Schedulers.create(SchedulerKind.EULER, config).start(4);
        assertThat(run.sigmas()[0]).isCloseTo(4096, offset(1.0));
    }

    @Test
    void stepsMustComeInOrder() {
        SchedulerRun run = Schedulers.create(SchedulerKind.DPMPP_2M, SD).start(4);
        float[] x = new float[8];
        run.step(x, 0, x, null);
        assertThatThrownBy(() -> run.step(x, 2, x, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step 2").hasMessageContaining("next step is 1");
        assertThatThrownBy(() -> run.scaleModelInput(x, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void stochasticSchedulersNeedANoiseSource() {
        SchedulerRun run = Schedulers.create(SchedulerKind.EULER_ANCESTRAL, SD).start(4);
        float[] x = new float[8];
        assertThatThrownBy(() -> run.step(x, 0, x, null)).hasMessageContaining("euler-ancestral is stochastic");
    }

    @Test
    void ddimWithEtaDrawsNoiseEachStepAndWithoutEtaNone() {
        RandomNoise noise = new RandomNoise(1);
        float[] x = new float[8];
        SchedulerRun deterministic = Schedulers.create(SchedulerKind.DDIM, SD).start(5);
        for (int i = 0; i < 5; i++) x = deterministic.step(x, i, x, noise);
        assertThat(noise.draws).isZero();
        SchedulerRun ancestral = new DdimScheduler(SD, 1.0).start(5);
        for (int i = 0; i < 5; i++) x = ancestral.step(x, i, x, noise);
        assertThat(noise.draws).isEqualTo(5);
    }

    @Test
    void lcmDrawsNoiseBetweenStepsOnly() {
        RandomNoise noise = new RandomNoise(1);
        float[] x = new float[8];
        SchedulerRun run = Schedulers.create(SchedulerKind.LCM, SchedulerConfig.empty()).start(4);
        for (int i = 0; i < 4; i++) x = run.step(x, i, x, noise);
        assertThat(noise.draws).isEqualTo(3);
        assertThat(run.timesteps()).containsExactly(999, 759, 499, 259);
    }

    @Test
    void flowMatchingOptionsShapeTheSigmas() {
        SchedulerConfig flow = SchedulerConfig.of(Map.of("shift", 3.0, "shift_terminal", 0.1));
        double[] s = ((SequentialRun) Schedulers.create(SchedulerKind.FLOW_EULER, flow).start(8)).sigmas();
        assertThat(s[0]).isCloseTo(1.0, offset(1e-6));
        assertThat(s[7]).isCloseTo(0.1, offset(1e-6));
        SchedulerConfig inverted = SchedulerConfig.of(Map.of("invert_sigmas", true));
        double[] si = ((SequentialRun) Schedulers.create(SchedulerKind.FLOW_EULER, inverted).start(4)).sigmas();
        assertThat(si).containsExactly(new double[] {0.0, 1 - 0.667, 1 - 0.334, 1 - 0.001, 1.0},
                offset(1e-6));
    }

    @Test
    void stochasticFlowMatchingLandsOnTheCleanSampleOfAnExactModel() {
        SchedulerConfig config = SchedulerConfig.of(Map.of("stochastic_sampling", true, "shift", 3.0,
                "use_karras_sigmas", true));
        SchedulerRun run = Schedulers.create(SchedulerKind.FLOW_EULER, config).start(12);
        float[] x0 = {0.5f, -1f, 2f, 0f};
        RandomNoise noise = new RandomNoise(5);
        float[] sample = noise.next(4);
        double[] t = run.timesteps();
        for (int i = 0; i < t.length; i++) {
            double s = t[i] / 1000;
            float[] v = new float[4];
            for (int k = 0; k < 4; k++) v[k] = (float) ((sample[k] - x0[k]) / s); // noise - x0 from x = (1-s)x0 + s noise
            sample = run.step(v, i, sample, noise);
        }
        for (int k = 0; k < 4; k++) assertThat(sample[k]).isCloseTo(x0[k], offset(1e-4f));
        assertThat(noise.draws).isEqualTo(1 + 12);
    }
}
