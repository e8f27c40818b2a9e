package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.TinyPackageExport;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between training/ and the engine for a retrieval model (docs/model-package.md): the Python side trains
 * {@code configs/tiny-ref} for a few steps on the mini pack, trains an upsampler for seconds, builds the mini pack's
 * library and exports an int8 package ({@code training/scripts/e2e_tiny_ref.sh}); the engine reproduces its test
 * vectors and generates from it, with the library's entries as references, opaque and transparent.
 */
class RetrievalPackageContractTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshlyTrainedAndExportedRetrievalPackageRunsInTheEngine() throws Exception {
        Path out = TinyPackageExport.exportRetrieval(tmp.resolve("tiny-ref"));
        ModelPackage pkg = Architectures.load(out);
        assertThat(pkg.architecture()).isEqualTo("atelier-retrieval");
        assertThat(pkg.capabilities().transparency()).isTrue();
        PackageVectors.assertRetrievalComponentsMatch(out);

        List<Integer> progress = new ArrayList<>();
        try (Generator g = Architectures.open(pkg, PipelineOptions.defaults())) {
            var request = RequestResolver.resolve(pkg, ImageRequest.of("a dog face left of a pizza").seed(3L).count(2)
                    .background(Background.TRANSPARENT).build(), RequestLimits.engine());
            GenerationResult r = g.generate(request, e -> progress.add(e.step()), new CancellationToken());
            assertThat(r.references().orElseThrow()).extracting(LibraryReference::label).containsExactly("dog face", "pizza");
            assertThat(r.images()).hasSize(2);
            RgbImage img = r.images().getFirst().image();
            assertThat(img.width()).isEqualTo(pkg.defaults().sampleSize());
            assertThat(img.hasAlpha()).isTrue();
            for (float v : img.pixels()) assertThat(Float.isFinite(v)).isTrue();
            assertThat(r.images().get(1).image().pixels()).isNotEqualTo(img.pixels());
            assertThat(progress).containsExactly(1, 2);
            assertThat(g.preview(new StepEvent(1, 2, 0, new float[2 * 4 * 128 * 128], new long[] {2, 4, 128, 128}), 1, 256, 256))
                    .isPresent();

            var plain = RequestResolver.resolve(pkg, ImageRequest.of("a spaceship").seed(3L).build(), RequestLimits.engine());
            GenerationResult none = g.generate(plain, ProgressListener.NONE, new CancellationToken());
            assertThat(none.references()).contains(List.of());
            assertThat(none.images().getFirst().image().hasAlpha()).isFalse();
        }
    }
}
