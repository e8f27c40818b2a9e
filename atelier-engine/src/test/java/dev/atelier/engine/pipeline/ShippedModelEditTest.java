package dev.atelier.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edits on the shipped pixel-space models (flow matching on a canvas): at strength 1 the flow starts at sigma 1, which
 * is pure noise, so image-to-image is text-to-image from the same seed exactly; inpainting keeps the unmasked pixels.
 */
class ShippedModelEditTest {

    private static ModelPackage load(String name) {
        return Architectures.load(Path.of(System.getProperty("atelier.root", "."), "models", name));
    }

    private static GenerationRequest request(ModelPackage pkg, InitImage init) {
        var b = ImageRequest.of("a red apple").seed(11L).steps(4);
        return RequestResolver.resolve(pkg, (init == null ? b : b.init(init)).build(), RequestLimits.engine());
    }

    private static RgbImage run(Generator g, GenerationRequest r) {
        return g.generate(r, ProgressListener.NONE, new CancellationToken()).images().getFirst().image();
    }

    @ParameterizedTest
    @ValueSource(strings = {"atelier-image-1", "atelier-image-2"})
    void imageToImageAtStrengthOneIsTextToImageAndInpaintingKeepsTheUnmaskedPixels(String name) {
        ModelPackage pkg = load(name);
        try (Generator g = Architectures.open(pkg, PipelineOptions.defaults())) {
            RgbImage start = EditPipelineTest.ramp(256);
            assertThat(run(g, request(pkg, new InitImage(start, null, 1.0)))).as(name)
                    .satisfies(img -> assertThat(img.pixels()).isEqualTo(run(g, request(pkg, null)).pixels()));
            RgbImage inpainted = run(g, request(pkg, new InitImage(start, EditPipelineTest.leftHalf(256), 1.0)));
            EditPipelineTest.assertKeptRightHalfAndChangedLeft(start, inpainted, 4);
        }
    }
}
