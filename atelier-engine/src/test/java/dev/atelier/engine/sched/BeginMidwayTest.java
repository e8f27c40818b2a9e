package dev.atelier.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Image-to-image's use of a run (diffusers' {@code get_timesteps}, {@code set_begin_index} and {@code add_noise}):
 * the clean sample is noised to the level of the first call kept, and the run goes on from there. Checked against
 * the plain double-precision schedule of {@link GaussianData} (relative 1e-5: float32 tables) and its exact
 * denoiser (1e-4, as {@link ExactDenoiserTest}).
 */
class BeginMidwayTest {
    private static final int N = 64;

    @ParameterizedTest
    @EnumSource(value = SchedulerKind.class, names = "FLOW_EULER", mode = EnumSource.Mode.EXCLUDE)
    void addNoiseReachesTheNoiseLevelOfTheCallsTimestep(SchedulerKind kind) {
        GaussianData data = GaussianData.point(N);
        SchedulerRun run = Schedulers.create(kind, GaussianData.SD.with("timestep_spacing", "leading")).start(10);
        int k = 4 * kind.order();
        float[] ones = new float[N];
        java.util.Arrays.fill(ones, 1f);
        float[] signal = run.addNoise(ones, new float[N], k);  // a
        float[] noise = run.addNoise(new float[N], ones, k);  // b
        double sigma = data.sigma(run.timesteps()[k]);
        // every parameterisation is x = a·(x0 + sigma·noise): the same signal-to-noise ratio at the same timestep
        assertThat((double) noise[0] / signal[0]).as(kind.cliName()).isCloseTo(sigma, offset(sigma * 1e-5));
        double expectedA = run instanceof SigmaRun ? 1 : 1 / Math.sqrt(sigma * sigma + 1);
        assertThat((double) signal[0]).as(kind.cliName()).isCloseTo(expectedA, offset(1e-5));
    }

    // Not PNDM and LMS, which are not exact begun midway in the reference either, and Atelier follows it: PNDM's
    // counter spends the first kept call on its warm-up pair, LMS keeps the order-4 coefficients with one derivative.
    @ParameterizedTest
    @EnumSource(value = SchedulerKind.class, names = {"FLOW_EULER", "PNDM", "LMS"}, mode = EnumSource.Mode.EXCLUDE)
    void aRunBegunMidwayFromANoisedSampleEndsOnTheCleanSample(SchedulerKind kind) {
        GaussianData data = GaussianData.point(N);
        float[] clean = new float[N];
        for (int i = 0; i < N; i++) clean[i] = (float) Math.sin(0.7 * i);
        for (int steps : new int[] {10, 25}) {
            SchedulerRun run = Schedulers.create(kind, GaussianData.SD.with("steps_offset", 1)
                    .with("skip_prk_steps", true)).start(steps);
            int first = (steps - (int) (steps * 0.6)) * kind.order();
            run.beginAt(first);
            float[] sample = run.addNoise(clean, GaussianData.noise(N, steps), first);
            double[] t = run.timesteps();
            RandomNoise source = new RandomNoise(steps);
            for (int i = first; i < t.length; i++) {
                sample = run.step(data.model(run.scaleModelInput(sample, i), t[i], Prediction.EPSILON), i, sample, source);
            }
            double error = 0;
            for (int i = 0; i < N; i++) error = Math.max(error, Math.abs(sample[i] - clean[i]));
            assertThat(error).as(kind.cliName() + " at " + steps + " steps").isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void flowMatchingMixesTheCleanSampleAndTheNoiseBySigma() {
        SchedulerRun run = Schedulers.create(SchedulerKind.FLOW_EULER, SchedulerConfig.of(java.util.Map.of("shift", 3.0))).start(8);
        double sigma = run.timesteps()[3] / 1000;
        float[] x = run.addNoise(new float[] {2f}, new float[] {-1f}, 3);
        assertThat((double) x[0]).isCloseTo((1 - sigma) * 2 - sigma, offset(1e-6));
    }

    @Test
    void callsBeforeTheBeginningAreRefusedAndBeginningLateIsTooLate() {
        SchedulerRun run = Schedulers.create(SchedulerKind.EULER, GaussianData.SD).start(10);
        run.beginAt(4);
        float[] x = new float[N];
        assertThatThrownBy(() -> run.step(x, 3, x, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("next step is 4");
        run.step(x, 4, x, null);
        assertThatThrownBy(() -> run.beginAt(6)).isInstanceOf(IllegalStateException.class);
    }
}
