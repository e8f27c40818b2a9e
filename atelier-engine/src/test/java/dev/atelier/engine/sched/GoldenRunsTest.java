package dev.atelier.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every run of {@code sd-golden/schedulers/index.json}, replayed against diffusers' recorded values.
 *
 * <p>The model is the fixture's fake: {@code out = 0.3 x cos(t/1000) + 0.2 ramp sin(t/300)}. Each compared
 * tensor (timesteps, sigmas, init_noise_sigma, each step's model input, each trajectory sample) must agree
 * with relative error {@code max|a - b| / max(max|b|, 1e-6)} of at most 1e-5, where for the sample after a
 * step {@code max|b|} also covers the sample the step started from: the reference computes each step in
 * float32, so its own rounding error scales with the step's input (a one-step v-prediction Euler run goes
 * from samples of size 33 to 0.5 by cancellation, leaving the reference 1e-5 off its exact value).
 */
class GoldenRunsTest {
    static final double TOLERANCE = 1e-5;
    private static final Path DIR = Path.of(System.getProperty("atelier.root", "."))
            .resolve("../shared/fixtures/sd-golden/schedulers");
    private static final Map<String, Double> WORST = new ConcurrentHashMap<>();

    static Stream<Arguments> runs() throws IOException {
        JsonNode runs = new ObjectMapper().readTree(DIR.resolve("index.json").toFile()).get("runs");
        List<Arguments> out = new ArrayList<>();
        runs.properties().forEach(e -> out.add(Arguments.of(e.getKey(), e.getValue())));
        assertThat(out).hasSizeGreaterThanOrEqualTo(50);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void matchesDiffusers(String name, JsonNode run) {
        SchedulerKind kind = SchedulerKind.forClassName(run.get("class").asText());
        SchedulerConfig config = SchedulerConfig.parse(run.get("config").toString());
        Map<String, NpyArray> golden = Npz.read(DIR.resolve(name + ".npz"));
        SchedulerRun r = Schedulers.create(kind, config).start(run.get("steps").asInt());

        double worst = 0;
        worst = Math.max(worst, check(name + " timesteps", r.timesteps(), golden.get("timesteps").data()));
        double[] sigmas = golden.get("sigmas").data();
        if (sigmas.length > 0) worst = Math.max(worst, check(name + " sigmas", ((SequentialRun) r).sigmas(), sigmas));
        worst = Math.max(worst, check(name + " init_noise_sigma", new double[] {r.initNoiseSigma()},
                golden.get("init_noise_sigma").data()));

        NpyArray x0 = Npy.read(DIR.resolve("x0.npy"));
        int n = x0.size();
        float[] sample = new float[n];
        for (int i = 0; i < n; i++) sample[i] = (float) (x0.data()[i] * (float) r.initNoiseSigma());
        double[] trajectory = golden.get("trajectory").data();
        double[] inputs = golden.get("model_inputs").data();
        Replay noise = new Replay(golden.get("noise"), n);
        worst = Math.max(worst, check(name + " trajectory[0]", toDouble(sample), slice(trajectory, 0, n)));
        double[] t = r.timesteps();
        for (int i = 0; i < t.length; i++) {
            float[] input = r.scaleModelInput(sample, i);
            worst = Math.max(worst, check(name + " model_inputs[" + i + "]", toDouble(input), slice(inputs, i, n)));
            sample = r.step(FakeModel.apply(input, t[i]), i, sample, noise);
            worst = Math.max(worst, check(name + " trajectory[" + (i + 1) + "]", toDouble(sample),
                    slice(trajectory, i + 1, n), maxAbs(slice(trajectory, i, n))));
        }
        assertThat(noise.used).as(name + " noise draws").isEqualTo(run.get("noise_draws").asInt());
        WORST.merge(name.replaceAll("_\\d+$", ""), worst, Math::max);
    }

    @AfterAll
    static void report() {
        WORST.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf("golden %-24s worst relative error %.2e%n", e.getKey(), e.getValue()));
    }

    /** Asserts and returns the relative error of {@code actual} against {@code expected}. */
    static double check(String what, double[] actual, double[] expected) {
        return check(what, actual, expected, 0);
    }

    /** As {@link #check(String, double[], double[])}, the scale being at least {@code inputScale}. */
    static double check(String what, double[] actual, double[] expected, double inputScale) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        double diff = 0;
        double scale = Math.max(1e-6, inputScale);
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        double error = diff / scale;
        assertThat(error).as(what + " relative error (actual " + preview(actual) + ", expected " + preview(expected) + ")")
                .isLessThanOrEqualTo(TOLERANCE);
        return error;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static String preview(double[] v) {
        return Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 6)));
    }

    private static double[] slice(double[] all, int i, int n) {
        return Arrays.copyOfRange(all, i * n, (i + 1) * n);
    }

    static double[] toDouble(float[] v) {
        return SequentialRun.toDouble(v);
    }

    /** Hands out the recorded noise tensors in order. */
    private static final class Replay implements NoiseSource {
        private final NpyArray noise;
        private final int n;
        int used;

        Replay(NpyArray noise, int n) {
            this.noise = noise;
            this.n = n;
        }

        @Override
        public float[] next(int length) {
            assertThat(length).isEqualTo(n);
            assertThat((used + 1) * n).as("more noise draws than recorded").isLessThanOrEqualTo(noise.size());
            float[] z = new float[n];
            for (int i = 0; i < n; i++) z[i] = (float) noise.data()[used * n + i];
            used++;
            return z;
        }
    }
}
