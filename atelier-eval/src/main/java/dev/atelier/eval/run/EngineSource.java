package dev.atelier.eval.run;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.eval.suite.SuitePrompt;
import java.util.List;

/**
 * Generates each prompt's images with the engine: one request of {@code n} images at the model's default size.
 *
 * @param steps    denoising steps, or null for the model's default
 * @param guidance guidance scale, or null for the model's default
 */
public record EngineSource(Generator generator, Integer steps, Double guidance) implements ImageSource {
    @Override
    public List<RgbImage> images(SuitePrompt prompt, int n) {
        var request = RequestResolver.resolve(generator.modelPackage(), ImageRequest.of(prompt.prompt()).steps(steps)
                .guidance(guidance).seed(prompt.seed()).count(n).build(), RequestLimits.engine());
        return generator.generate(request, ProgressListener.NONE, new CancellationToken()).images().stream()
                .map(GeneratedImage::image).toList();
    }

    @Override
    public String describe() {
        var d = generator.modelPackage().defaults();
        return generator.modelPackage().name() + " (" + (steps != null ? steps : d.steps()) + " steps, guidance "
                + (guidance != null ? guidance : d.guidance()) + ")";
    }
}
