package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped atelier-image-2 package in the engine: its int8 networks reproduce the PyTorch test vectors its export
 * recorded (docs/model-package.md) to 1e-3, and it draws what a plain prompt asks at the package's defaults.
 */
class ShippedRetrievalModelTest {
    private static final Path PKG = Path.of(System.getProperty("atelier.root")).resolve("models/atelier-image-2");
    private static ModelPackage pkg;
    private static Generator generator;

    @BeforeAll
    static void open() {
        pkg = Architectures.load(PKG);
        generator = Architectures.open(pkg, PipelineOptions.defaults());
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    @Test
    void everyNetworkMatchesPyTorch() throws Exception {
        PackageVectors.assertRetrievalComponentsMatch(PKG);
    }

    @Test
    void readsAsARetrievalModelWithTransparency() {
        assertThat(pkg.architecture()).isEqualTo("atelier-retrieval");
        assertThat(pkg.capabilities().transparency()).isTrue();
        assertThat(pkg.defaults().steps()).isEqualTo(6);
        assertThat(pkg.defaults().vaeScaleFactor()).isEqualTo(2);
        assertThat(pkg.extras()).containsKeys("reference_encoder", "upsampler", "library");
    }

    @Test
    void theDraftGuidesTheFirstFourCallsUnlessThePromptAsksForAStyleTheLibraryLacks() {
        var pipeline = (RetrievalPipeline) generator;
        assertThat(pipeline.settings().draftGuideSteps()).isEqualTo(4);
        var retriever = pipeline.retriever();
        for (String drawn : new String[]{"a rocket", "a rocket, twemoji style", "a dog left of a cat in openmoji style"}) {
            var found = retriever.retrieve(drawn);
            assertThat(RetrievalPipeline.inAskedStyle(found, found.hits())).as(drawn).isTrue();
        }
        // the shipped library has no fluent-3d sprites: a 3d rocket is a restyle, left to the model
        var restyle = retriever.retrieve("a rocket in 3d style");
        assertThat(restyle.hits()).isNotEmpty();
        assertThat(RetrievalPipeline.inAskedStyle(restyle, restyle.hits())).isFalse();
    }

    @Test
    void aRedAppleOnWhiteIsRedInTheMiddleAndWhiteInTheCorners() {
        var request = RequestResolver.resolve(pkg, ImageRequest.of("a red apple on a white background").seed(1L).build(),
                RequestLimits.engine());
        GenerationResult r = generator.generate(request, ProgressListener.NONE, new CancellationToken());
        RgbImage img = r.images().getFirst().image();
        assertThat(img.width()).isEqualTo(256);
        assertThat(img.height()).isEqualTo(256);
        assertThat(img.hasAlpha()).isFalse();
        assertThat(r.references().orElseThrow()).extracting(LibraryReference::label).containsExactly("red apple");
        float[] centre = mean(img, 96, 96, 64);
        assertThat(centre[0]).as("red in the centre").isGreaterThan(0.5f);
        assertThat(centre[0] - Math.max(centre[1], centre[2])).as("red beats green and blue").isGreaterThan(0.25f);
        for (int[] corner : new int[][] {{0, 0}, {232, 0}, {0, 232}, {232, 232}}) {
            float[] m = mean(img, corner[0], corner[1], 24);
            for (float v : m) assertThat(v).as("white corner at %d,%d", corner[0], corner[1]).isGreaterThan(0.85f);
        }
    }

    // mean RGB over the square [x, x + side) x [y, y + side)
    static float[] mean(RgbImage img, int x0, int y0, int side) {
        float[] sum = new float[3];
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                for (int c = 0; c < 3; c++) sum[c] += img.pixels()[(y * img.width() + x) * 3 + c];
            }
        }
        for (int c = 0; c < 3; c++) sum[c] /= side * side;
        return sum;
    }
}
