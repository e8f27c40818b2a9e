package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.Fixtures;
import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PipelineBehaviourTest {
    private static TextToImagePipeline pipeline;

    @BeforeAll
    static void open() {
        pipeline = TextToImagePipeline.open(Architectures.load(Fixtures.tinySd()), PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static GenerationRequest request(long seed, int count) {
        return new GenerationRequest("a red apple", "blurry", 64, 64, 3, 7.5, seed, count, null, null);
    }

    private static GenerationResult run(GenerationRequest r) {
        return pipeline.generate(r, ProgressListener.NONE, new CancellationToken());
    }

    private static byte[] png(GenerationResult r, int i) {
        var img = r.images().get(i);
        return ImageEncoder.encode(img.image(), ImageFormat.PNG, img.parameters());
    }

    @Test
    void theSameRequestAndSeedGiveTheSameBytes() {
        assertThat(png(run(request(42, 1)), 0)).isEqualTo(png(run(request(42, 1)), 0));
    }

    @Test
    void differentSeedsGiveDifferentImages() {
        assertThat(run(request(1, 1)).images().get(0).image().pixels())
                .isNotEqualTo(run(request(2, 1)).images().get(0).image().pixels());
    }

    @Test
    void imageIOfABatchEqualsASingleRunWithSeedPlusI() {
        GenerationResult batch = run(request(100, 3));
        for (int i = 0; i < 3; i++) {
            GenerationResult single = run(request(100 + i, 1));
            assertThat(batch.images().get(i).seed()).isEqualTo(100 + i);
            assertThat(png(batch, i)).as("image %d", i).isEqualTo(png(single, 0));
        }
    }

    @Test
    void stochasticSchedulersAlsoDrawPerImageNoise() {
        var ancestral = Schedulers.create(SchedulerKind.EULER_ANCESTRAL,
                SchedulerConfig.read(Fixtures.tinySd().resolve("scheduler/scheduler_config.json")));
        var batch = pipeline.generate(new GenerationRequest("cat", "", 64, 64, 3, 7.5, 5, 2, ancestral, null),
                ProgressListener.NONE, new CancellationToken());
        var second = pipeline.generate(new GenerationRequest("cat", "", 64, 64, 3, 7.5, 6, 1, ancestral, null),
                ProgressListener.NONE, new CancellationToken());
        assertThat(batch.images().get(1).image().pixels()).containsExactly(second.images().get(0).image().pixels());
    }

    @Test
    void reportsEveryStepInOrderAndTimesEachStage() {
        List<Integer> steps = new ArrayList<>();
        var euler = Schedulers.create(SchedulerKind.EULER,
                SchedulerConfig.read(Fixtures.tinySd().resolve("scheduler/scheduler_config.json")));
        var request = new GenerationRequest("a red apple", "", 64, 64, 3, 7.5, 3, 1, euler, null);
        GenerationResult r = pipeline.generate(request, e -> steps.add(e.step()), new CancellationToken());
        assertThat(steps).containsExactly(1, 2, 3);
        assertThat(r.timings().steps()).hasSize(3);
        assertThat(java.util.Arrays.stream(r.timings().steps()).min().orElseThrow()).isPositive();
        assertThat(r.timings().decode()).isPositive();
        assertThat(r.timings().onnx()).isPositive().isLessThanOrEqualTo(r.timings().total());
    }

    @Test
    void cancellationStopsBetweenSteps() {
        var token = new CancellationToken();
        List<Integer> steps = new ArrayList<>();
        assertThatThrownBy(() -> pipeline.generate(request(3, 1), e -> {
            steps.add(e.step());
            if (e.step() == 2) token.cancel();
        }, token)).isInstanceOf(GenerationCancelledException.class);
        assertThat(steps).containsExactly(1, 2);
    }

    @Test
    void aLongPromptIsTruncatedWithAWarning() {
        String longPrompt = "apple ".repeat(100);
        var r = run(new GenerationRequest(longPrompt, "", 64, 64, 1, 1.0, 0, 1, null, null));
        assertThat(r.warnings()).anyMatch(w -> w.contains("truncated") && w.contains("77"));
    }

    @Test
    void requestsAreValidatedWithTheBadValueNamed() {
        assertThatThrownBy(() -> request(0, 0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new GenerationRequest("cat", "", 64, 64, 0, 1, 0, 1, null, null)).hasMessageContaining("steps");
        assertThatThrownBy(() -> new GenerationRequest(" ", "", 64, 64, 1, 1, 0, 1, null, null)).hasMessageContaining("prompt");
    }

    @Test
    void textEmbeddingsAreCachedPerPrompt() {
        long before = pipeline.textEncoderRuns();
        String prompt = "a prompt seen only by the cache test";
        run(new GenerationRequest(prompt, "a negative only here", 64, 64, 1, 7.5, 0, 1, null, null));
        assertThat(pipeline.textEncoderRuns() - before).isEqualTo(2);
        run(new GenerationRequest(prompt, "a negative only here", 64, 64, 1, 7.5, 1, 1, null, null));
        assertThat(pipeline.textEncoderRuns() - before).isEqualTo(2);
    }
}
