package dev.atelier.engine.model;

import dev.atelier.engine.arch.Architectures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.pipeline.GenerationResult;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import dev.atelier.engine.sched.SchedulerKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between training/ and the engine (docs/model-package.md): the Python pipeline trains its tiny
 * config for a few steps on the committed mini pack and exports a package; the engine loads that package and
 * generates an image of the right size with the package's own defaults.
 */
class AtelierPackageContractTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshlyTrainedAndExportedPackageRunsInTheEngine() throws Exception {
        Path out = TinyPackageExport.export(tmp.resolve("tiny-package"), "tiny");

        ModelPackage pkg = Architectures.load(out);
        assertThat(pkg.architecture()).isEqualTo("atelier-flow");
        assertThat(pkg.vaeDecoder()).isEmpty();
        var d = pkg.defaults();
        try (var pipeline = TextToImagePipeline.open(pkg, PipelineOptions.defaults())) {
            assertThat(pipeline.defaultScheduler().kind()).isEqualTo(SchedulerKind.FLOW_EULER);
            var request = new GenerationRequest("a dog", "", d.sampleSize(), d.sampleSize(), d.steps(), d.guidance(),
                    1, 2, null, null);
            GenerationResult r = pipeline.generate(request, ProgressListener.NONE, new CancellationToken());
            assertThat(r.images()).hasSize(2);
            var img = r.images().get(0).image();
            assertThat(img.width()).isEqualTo(d.sampleSize());
            assertThat(img.height()).isEqualTo(d.sampleSize());
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : img.pixels()) {
                assertThat(Float.isFinite(v)).isTrue();
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(max - min).as("the image is not flat").isGreaterThan(0.01f);
            assertThat(r.images().get(1).image().pixels()).isNotEqualTo(img.pixels());
        }
    }
}
