package dev.atelier.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerConfigTest {
    private static final Path FIXTURES = Path.of(System.getProperty("atelier.root", ".")).resolve("../shared/fixtures");

    @TempDir
    Path dir;

    @Test
    void readsAModelsSchedulerConfig() {
        SchedulerConfig c = SchedulerConfig.read(FIXTURES.resolve("tiny-sd-onnx/scheduler/scheduler_config.json"));

        assertThat(c.className()).isEqualTo("PNDMScheduler");
        assertThat(c.betaStart()).isEqualTo(0.00085);
        assertThat(c.betaSchedule()).isEqualTo("scaled_linear");
        assertThat(c.skipPrkSteps()).isTrue();
        assertThat(c.stepsOffset()).isEqualTo(1);
        assertThat(c.trainedBetas()).isNull();
        assertThat(c.useKarrasSigmas()).isNull();
    }

    @Test
    void ignoresUnknownKeysAndDropsKeysTheSaverDefaulted() {
        SchedulerConfig c = SchedulerConfig.parse("""
                {"_class_name": "DDIMScheduler", "_diffusers_version": "0.30", "some_future_key": [1, 2],
                 "timestep_spacing": "leading", "prediction_type": "epsilon", "clip_sample": false,
                 "_use_default_values": ["timestep_spacing", "prediction_type"]}""");

        assertThat(c.timestepSpacing()).isNull();
        assertThat(c.predictionType()).isNull();
        assertThat(c.clipSample()).isFalse();
    }

    @Test
    void readsSolverKeysAndTrainedBetas() {
        SchedulerConfig c = SchedulerConfig.parse("""
                {"solver_order": 3, "algorithm_type": "dpmsolver++", "predict_x0": false,
                 "disable_corrector": [0, 2], "trained_betas": [0.1, 0.2], "lambda_min_clipped": -5.1,
                 "use_karras_sigmas": true, "shift": 3}""");

        assertThat(c.solverOrder()).isEqualTo(3);
        assertThat(c.predictX0()).isFalse();
        assertThat(c.disableCorrector()).containsExactly(0, 2);
        assertThat(c.trainedBetas()).containsExactly(0.1, 0.2);
        assertThat(c.lambdaMinClipped()).isEqualTo(-5.1);
        assertThat(c.shift()).isEqualTo(3.0);
    }

    @Test
    void readsNonFiniteNumbersAsDiffusersWritesThem() throws Exception {
        // DPMSolverMultistepScheduler's saved config, as Python's json module writes it
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, """
                {"_class_name": "DPMSolverMultistepScheduler", "lambda_min_clipped": -Infinity,
                 "sigma_max": Infinity, "sigma_min": NaN, "solver_order": 2}""");

        SchedulerConfig c = SchedulerConfig.read(file);

        assertThat(c.lambdaMinClipped()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(c.sigmaMax()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(c.sigmaMin()).isNaN();
        assertThat(Schedulers.create(SchedulerKind.DPMPP_2M, c, null).start(10).timesteps()).hasSize(10);
    }

    @Test
    void withReplacesOneKeyAndKeepsTheRest() {
        SchedulerConfig c = SchedulerConfig.parse("{\"beta_start\": 0.001, \"use_karras_sigmas\": false}")
                .withUseKarrasSigmas(true);

        assertThat(c.useKarrasSigmas()).isTrue();
        assertThat(c.betaStart()).isEqualTo(0.001);
        assertThat(c.with("beta_start", null).betaStart()).isNull();
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"solver_order\": 4}")).hasMessageContaining("solver_order")
                .hasMessageContaining("4");
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"num_train_timesteps\": \"many\"}"))
                .hasMessageContaining("num_train_timesteps");
        assertThatThrownBy(() -> SchedulerConfig.parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> SchedulerConfig.parse("{")).hasMessageContaining("not valid JSON");
    }

    @Test
    void everyPipelineFixtureConfigBuildsItsScheduler() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(FIXTURES.resolve("sd-golden/pipeline/index.json").toFile()).get("cases");
        for (JsonNode c : cases) {
            SchedulerKind kind = SchedulerKind.forClassName(c.get("scheduler_class").asText());
            SchedulerConfig config = SchedulerConfig.parse(c.get("scheduler_config").toString());
            assertThat(Schedulers.create(kind, config).start(c.get("steps").asInt()).timesteps()).isNotEmpty();
        }
    }

    @Test
    void fromConfigFileTakesTheKindFromTheClassName() throws Exception {
        Scheduler s = Schedulers.fromConfigFile(FIXTURES.resolve("tiny-sd-onnx/scheduler/scheduler_config.json"));
        assertThat(s.kind()).isEqualTo(SchedulerKind.PNDM);
        assertThat(s.start(10).timesteps()).startsWith(901, 801, 801, 701);
    }

    @Test
    void fromConfigFileListsTheSupportedClassesForAnUnknownOne() throws Exception {
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, "{\"_class_name\": \"KDPM2DiscreteScheduler\"}");
        assertThatThrownBy(() -> Schedulers.fromConfigFile(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("KDPM2DiscreteScheduler").hasMessageContaining("EulerDiscreteScheduler")
                .hasMessageContaining("UniPCMultistepScheduler");
        Files.writeString(file, "{\"beta_start\": 0.001}");
        assertThatThrownBy(() -> Schedulers.fromConfigFile(file)).hasMessageContaining("no _class_name");
    }
}
