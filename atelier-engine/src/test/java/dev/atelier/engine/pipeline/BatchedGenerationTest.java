package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import dev.atelier.engine.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several requests in one denoising batch ({@link Generator#generateBatch}) against the plain version, each request
 * run alone with the same seed: every image equal within 1e-4, for the tiny Stable Diffusion fixture and the shipped
 * atelier-image-2, in fewer denoiser calls.
 */
class BatchedGenerationTest {
    private static final float TOLERANCE = 1e-4f;
    private static TextToImagePipeline sd;
    private static RetrievalPipeline retrieval;
    private static ModelPackage image2;

    @BeforeAll
    static void open() {
        sd = TextToImagePipeline.open(Architectures.load(Fixtures.tinySd()), PipelineOptions.defaults());
        image2 = Architectures.load(Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-2"));
        retrieval = (RetrievalPipeline) Architectures.open(image2, PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        sd.close();
        retrieval.close();
    }

    private static GenerationRequest sdRequest(String prompt, String negative, double guidance, long seed, int count) {
        return new GenerationRequest(prompt, negative, 64, 64, 3, guidance, seed, count, null, null);
    }

    private static GenerationRequest image2Request(String prompt, long seed, int count, boolean transparent) {
        return RequestResolver.resolve(image2, ImageRequest.of(prompt).seed(seed).count(count).steps(2)
                .background(transparent ? Background.TRANSPARENT : Background.OPAQUE).build(), RequestLimits.engine());
    }

    @Test
    void sdRequestsWithDifferentPromptsSeedsCountsAndScalesEqualTheirSingleRunsInOneBatch() {
        List<GenerationRequest> requests = List.of(sdRequest("a red apple", "blurry", 7.5, 11, 2),
                sdRequest("a cat", "", 7.5, 400, 1), sdRequest("a house by a lake", "dark", 3.0, 9, 1));
        long before = sd.denoiserCalls();
        List<BatchOutcome> batched = sd.generateBatch(items(requests));
        assertThat(sd.denoiserCalls() - before).as("one batch: one run of the scheduler's calls").isEqualTo(sdCalls(3));
        assertEqualToAlone(sd, requests, batched);
    }

    @Test
    void aStochasticSchedulerDrawsEachImagesOwnNoiseInABatch() {
        var ancestral = Schedulers.create(SchedulerKind.EULER_ANCESTRAL,
                SchedulerConfig.read(Fixtures.tinySd().resolve("scheduler/scheduler_config.json")));
        List<GenerationRequest> requests = List.of(
                new GenerationRequest("cat", "", 64, 64, 3, 7.5, 5, 1, ancestral, null),
                new GenerationRequest("dog", "", 64, 64, 3, 7.5, 77, 2, ancestral, null));
        assertEqualToAlone(sd, requests, sd.generateBatch(items(requests)));
    }

    @Test
    void requestsWithDifferentKeysAreNotMixed() {
        List<GenerationRequest> requests = List.of(sdRequest("a cat", "", 7.5, 1, 1),
                new GenerationRequest("a cat", "", 64, 64, 2, 7.5, 1, 1, null, null),  // other steps
                sdRequest("a dog", "", 1.0, 2, 1),                                      // unguided
                sdRequest("a bird", "", 7.5, 3, 1));
        assertThat(BatchKey.of(requests.get(0))).isEqualTo(BatchKey.of(requests.get(3)));
        assertThat(BatchKey.of(requests.get(0))).isNotEqualTo(BatchKey.of(requests.get(1)));
        assertThat(BatchKey.of(requests.get(0))).isNotEqualTo(BatchKey.of(requests.get(2)));
        long before = sd.denoiserCalls();
        List<BatchOutcome> batched = sd.generateBatch(items(requests));
        assertThat(sd.denoiserCalls() - before).as("the two 3-step guided requests share a batch")
                .isEqualTo(2 * sdCalls(3) + sdCalls(2));
        assertEqualToAlone(sd, requests, batched);
    }

    @Test
    void eachListenerSeesItsOwnRowsAndACancelledRequestLeavesTheOthersRunning() {
        List<GenerationRequest> requests = List.of(sdRequest("a cat", "", 7.5, 1, 2), sdRequest("a dog", "", 7.5, 2, 1));
        List<List<StepEvent>> seen = List.of(new ArrayList<>(), new ArrayList<>());
        var cancelFirst = new CancellationToken();
        List<BatchItem> items = List.of(
                new BatchItem(requests.get(0), e -> {
                    seen.get(0).add(e);
                    if (e.step() == 1) cancelFirst.cancel();
                }, cancelFirst),
                new BatchItem(requests.get(1), seen.get(1)::add, new CancellationToken()));
        List<BatchOutcome> out = sd.generateBatch(items);
        assertThat(out.get(0)).isInstanceOf(BatchOutcome.Cancelled.class);
        assertThat(seen.get(0)).hasSize(1);
        assertThat(seen.get(1)).extracting(StepEvent::step).hasSize((int) sdCalls(3)).isSorted();
        assertThat(seen.get(1).getFirst().shape()[0]).as("the dog's listener sees its one image").isEqualTo(1);
        assertThat(seen.get(0).getFirst().shape()[0]).isEqualTo(2);
        assertThat(seen.get(1).getFirst().sample()).hasSize((int) (seen.get(1).getFirst().shape()[1] * 8 * 8));
        assertEqualToAlone(sd, List.of(requests.get(1)), List.of(out.get(1)));
    }

    @Test
    void atelierImage2RequestsEqualTheirSingleRunsInOneBatch() {
        List<GenerationRequest> requests = List.of(image2Request("a red apple", 3, 1, false),
                image2Request("a cat left of a dog", 40, 2, false), image2Request("a rocket", 7, 1, true));
        assertThat(requests).extracting(r -> BatchKey.of(r).orElseThrow()).containsOnly(BatchKey.of(requests.getFirst()).orElseThrow());
        long before = retrieval.denoiserCalls();
        List<BatchOutcome> batched = retrieval.generateBatch(items(requests));
        assertThat(retrieval.denoiserCalls() - before).as("one batch: one call per step").isEqualTo(2);
        List<GenerationResult> alone = assertEqualToAlone(retrieval, requests, batched);
        for (int k = 0; k < requests.size(); k++) {
            var result = ((BatchOutcome.Generated) batched.get(k)).result();
            assertThat(result.references()).isEqualTo(alone.get(k).references());
        }
    }

    // the model calls a run of the fixture's own scheduler makes (PNDM adds warm-up calls)
    private static long sdCalls(int steps) {
        return sd.defaultScheduler().start(steps).timesteps().length;
    }

    private static List<BatchItem> items(List<GenerationRequest> requests) {
        return requests.stream().map(BatchItem::new).toList();
    }

    // the oracle: each request run alone with the same seed
    private static List<GenerationResult> assertEqualToAlone(Generator g, List<GenerationRequest> requests, List<BatchOutcome> batched) {
        assertThat(batched).hasSameSizeAs(requests);
        List<GenerationResult> alone = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            GenerationRequest r = requests.get(k);
            assertThat(batched.get(k)).as("request %d", k).isInstanceOf(BatchOutcome.Generated.class);
            GenerationResult got = ((BatchOutcome.Generated) batched.get(k)).result();
            GenerationResult single = g.generate(r, ProgressListener.NONE, new CancellationToken());
            alone.add(single);
            assertThat(got.images()).hasSize(r.count());
            for (int i = 0; i < r.count(); i++) {
                var a = got.images().get(i);
                var b = single.images().get(i);
                assertThat(a.seed()).isEqualTo(r.seed() + i);
                assertThat(a.parameters()).isEqualTo(b.parameters());
                assertThat(a.image().hasAlpha()).isEqualTo(b.image().hasAlpha());
                assertClose(a.image().pixels(), b.image().pixels(), "request " + k + " image " + i);
                if (b.image().hasAlpha()) assertClose(a.image().alpha(), b.image().alpha(), "alpha of request " + k);
            }
            assertThat(got.warnings()).isEqualTo(single.warnings());
        }
        return alone;
    }

    private static void assertClose(float[] a, float[] b, String what) {
        assertThat(a).as(what).hasSameSizeAs(b);
        float worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        assertThat(worst).as("largest difference in %s", what).isLessThanOrEqualTo(TOLERANCE);
    }
}
