package dev.atelier.eval.run;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.request.GenerationRequest;
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
        return generator.generate(resolve(prompt.prompt(), prompt.seed(), n), ProgressListener.NONE, new CancellationToken())
                .images().stream().map(GeneratedImage::image).toList();
    }

    @Override
    public String describe() {
        GenerationRequest r = resolve("describe", 0, 1);  // the steps and guidance every prompt resolves to
        return generator.modelPackage().name() + " (" + r.steps() + " steps, guidance " + r.guidance() + ")";
    }

    private GenerationRequest resolve(String prompt, long seed, int n) {
        return RequestResolver.resolve(generator.modelPackage(), ImageRequest.of(prompt).steps(steps).guidance(guidance)
                .seed(seed).count(n).build(), RequestLimits.engine());
    }
}
