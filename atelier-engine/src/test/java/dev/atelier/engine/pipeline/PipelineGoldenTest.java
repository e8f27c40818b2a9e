package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.Fixtures;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of sd-golden/pipeline reproduced from the tiny SD ONNX export: ≤ 1e-3 as floats, ±1 as 8-bit. */
class PipelineGoldenTest {
    private static TextToImagePipeline pipeline;

    @BeforeAll
    static void open() {
        pipeline = TextToImagePipeline.open(Architectures.load(Fixtures.tinySd()), PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    static Stream<JsonNode> cases() throws IOException {
        JsonNode index = new ObjectMapper().readTree(Fixtures.golden("pipeline/index.json").toFile());
        List<JsonNode> out = new ArrayList<>();
        index.get("cases").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesDiffusersImage(JsonNode c) throws IOException {
        var config = SchedulerConfig.parse(c.get("scheduler_config").toString());
        var scheduler = Schedulers.create(SchedulerKind.forClassName(c.get("scheduler_class").asText()), config);
        NpyArray latents = Npy.read(Fixtures.golden("pipeline/" + c.get("latents").asText()));
        String negative = c.get("negative_prompt").isNull() ? "" : c.get("negative_prompt").asText();
        var request = new GenerationRequest(c.get("prompt").asText(), negative, c.get("width").asInt(),
                c.get("height").asInt(), c.get("steps").asInt(), c.get("guidance_scale").asDouble(), 0,
                (int) latents.shape()[0], scheduler, latents);

        GenerationResult result = pipeline.generate(request, ProgressListener.NONE, new CancellationToken());

        double[] expected = Npy.read(Fixtures.golden("pipeline/" + c.get("key").asText() + ".npy")).data();  // [n, H, W, 3]
        int per = expected.length / result.images().size();
        double maxAbs = 0;
        int maxLevel = 0;
        for (int k = 0; k < result.images().size(); k++) {
            var img = result.images().get(k).image();
            for (int i = 0; i < per; i++) {
                double e = expected[k * per + i];
                maxAbs = Math.max(maxAbs, Math.abs(img.pixels()[i] - e));
                maxLevel = Math.max(maxLevel, Math.abs(img.byteAt(i / 3, i % 3) - (int) Math.round(e * 255)));
            }
        }
        assertThat(maxAbs).as("max abs difference, %s", c.get("key").asText()).isLessThanOrEqualTo(1e-3);
        assertThat(maxLevel).as("max 8-bit level difference").isLessThanOrEqualTo(1);
    }
}
