package dev.atelier.server.jobs;

import dev.atelier.server.events.LocalEventBus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.spi.ImageCheck;
import dev.atelier.server.spi.LocalBlobStore;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.ImageStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker runs compatible queued jobs (same model, size, steps, scheduler, guidance on) as one engine batch, and
 * each job gets its own images (those of its request run alone) or its own failure; incompatible jobs run apart.
 */
class BatchingWorkerTest {
    @TempDir
    Path dir;

    static JobSpec spec(String prompt, long seed, int n, int steps) {
        return new JobSpec("tiny-sd", prompt, "", 64, 64, steps, 7.5, seed, n, null, "png", 100, 0, "", "auto", "b64_json",
                false, "auto", false, null, null, null);
    }

    // withholds every image whose prompt names a zebra, as the image classifier would an unsafe one
    static final ImageCheck ZEBRAS_WITHHELD = new ImageCheck() {
        @Override
        public String describe() {
            return "zebras withheld";
        }

        @Override
        public Checked apply(Subject subject, GeneratedImage image, ImageFormat format, Function<RgbImage, byte[]> encoder) {
            if (image.parameters().prompt().contains("zebra")) throw new Withheld("a zebra", null);
            return new Checked(encoder.apply(image.image()), null);
        }
    };

    @Test
    void compatibleJobsShareABatchEachGetsItsOwnImagesAndAWithheldOneFailsAlone() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.createSymbolicLink(models.resolve("tiny-sd"), TestServer.fixture());
        var metrics = new SimpleMeterRegistry();
        try (var db = Database.open(TestDatabases.fresh("sqlite", dir));
             var catalog = new ModelCatalog(models, "tiny-sd", PipelineOptions.defaults())) {
            var queue = new JobQueue(db);
            Map<String, JobSpec> jobs = new LinkedHashMap<>();
            for (JobSpec s : new JobSpec[] {spec("a cat", 1, 1, 2), spec("a dog", 2, 2, 2), spec("a zebra", 3, 1, 2),
                    spec("a bird", 4, 1, 3), spec("a fish", 5, 1, 3)}) {
                jobs.put(queue.submit("k", null, s, 3).job().id(), s);
            }
            var images = new ImageStore(db, new LocalBlobStore(dir.resolve("images")));
            var pool = new WorkerPool(queue, catalog, images, new JobEvents(queue, new LocalEventBus(), images.blobs()),
                    new WorkerOptions(1, 10_000, 2_500, 8, 3, 50, 20), ZEBRAS_WITHHELD, metrics);
            pool.start();
            try {
                for (String id : jobs.keySet()) awaitEnd(queue, id);
            } finally {
                pool.shutdown(Duration.ofSeconds(5));
            }
            var batches = metrics.get("atelier_batch_jobs").summary();
            assertThat(batches.count()).as("two engine batches for five jobs: 2-step and 3-step jobs apart").isEqualTo(2);
            assertThat(batches.max()).as("the three 2-step jobs together").isEqualTo(3);

            var generator = catalog.generator("tiny-sd");
            for (var e : jobs.entrySet()) {
                Job job = queue.get(e.getKey()).orElseThrow();
                JobSpec s = e.getValue();
                if (s.prompt().contains("zebra")) {
                    assertThat(job.state()).isEqualTo(JobState.FAILED);
                    assertThat(job.errorCode()).isEqualTo("image_withheld");
                    continue;
                }
                assertThat(job.state()).as(s.prompt()).isEqualTo(JobState.SUCCEEDED);
                assertThat(job.seed()).isEqualTo(s.seed());
                assertThat(job.images()).hasSize(s.n());
                var alone = generator.generate(RequestResolver.resolve(generator.modelPackage(), ImageRequest.of(s.prompt())
                        .width(64).height(64).steps(s.steps()).guidance(7.5).seed(s.seed()).count(s.n()).build(),
                        RequestLimits.engine()), ProgressListener.NONE, new CancellationToken());
                for (int i = 0; i < s.n(); i++) {
                    BufferedImage got = ImageIO.read(new ByteArrayInputStream(images.bytes(job.images().get(i))));
                    assertWithinOneLevel(got, alone.images().get(i).image(), s.prompt() + " image " + i);
                }
            }
        }
    }

    @Test
    void cancellingOneJobOfABatchLeavesTheOthersToFinish() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.createSymbolicLink(models.resolve("tiny-sd"), TestServer.fixture());
        var metrics = new SimpleMeterRegistry();
        try (var db = Database.open(TestDatabases.fresh("sqlite", dir));
             var catalog = new ModelCatalog(models, "tiny-sd", PipelineOptions.defaults())) {
            var queue = new JobQueue(db);
            String cancelled = queue.submit("k", null, spec("a cat", 1, 1, 20), 3).job().id();
            String kept = queue.submit("k", null, spec("a dog", 2, 1, 20), 3).job().id();
            var events = new JobEvents(queue, new LocalEventBus(), new LocalBlobStore(dir.resolve("images")));
            var images = new ImageStore(db, new LocalBlobStore(dir.resolve("images")));
            var pool = new WorkerPool(queue, catalog, images, events, new WorkerOptions(1, 10_000, 2_500, 8, 3, 50, 20),
                    ImageCheck.NONE, metrics);
            // as the API does: flag it in the queue, then stop it here, at its first step
            var once = new java.util.concurrent.atomic.AtomicBoolean();
            try (var sub = events.subscribe(cancelled, e -> {
                if (e instanceof JobEvent.Progress && once.compareAndSet(false, true)) {
                    queue.cancel(cancelled, "k");
                    pool.cancelLocal(cancelled);
                }
            })) {
                pool.start();
                try {
                    awaitEnd(queue, cancelled);
                    awaitEnd(queue, kept);
                } finally {
                    pool.shutdown(Duration.ofSeconds(5));
                }
            }
            assertThat(metrics.get("atelier_batch_jobs").summary().max()).as("both in one batch").isEqualTo(2);
            assertThat(queue.get(cancelled).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
            Job dog = queue.get(kept).orElseThrow();
            assertThat(dog.state()).isEqualTo(JobState.SUCCEEDED);
            var generator = catalog.generator("tiny-sd");
            var alone = generator.generate(RequestResolver.resolve(generator.modelPackage(), ImageRequest.of("a dog")
                    .width(64).height(64).steps(20).guidance(7.5).seed(2L).count(1).build(), RequestLimits.engine()),
                    ProgressListener.NONE, new CancellationToken());
            assertWithinOneLevel(ImageIO.read(new ByteArrayInputStream(images.bytes(dog.images().getFirst()))),
                    alone.images().getFirst().image(), "the dog");
        }
    }

    private static void awaitEnd(JobQueue queue, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!queue.get(id).orElseThrow().state().terminal() && System.nanoTime() < deadline) Thread.sleep(50);
    }

    // 8-bit files of float images equal within 1e-4: at most one level apart where rounding splits them
    private static void assertWithinOneLevel(BufferedImage got, RgbImage want, String what) {
        assertThat(got.getWidth()).isEqualTo(want.width());
        int worst = 0;
        for (int y = 0; y < want.height(); y++) {
            for (int x = 0; x < want.width(); x++) {
                int rgb = got.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int level = (rgb >> (16 - 8 * c)) & 0xff;
                    int expected = Math.round(want.pixels()[(y * want.width() + x) * 3 + c] * 255f);
                    worst = Math.max(worst, Math.abs(level - expected));
                }
            }
        }
        assertThat(worst).as("largest level difference in %s", what).isLessThanOrEqualTo(1);
    }
}
