package dev.atelier.eval.run;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.pipeline.GenerationRequest;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import dev.atelier.eval.suite.SuitePrompt;
import java.util.List;

/** Generates each prompt's images with the engine: one request of {@code n} images at the model's defaults. */
public record EngineSource(TextToImagePipeline pipeline, int steps, double guidance) implements ImageSource {
    @Override
    public List<RgbImage> images(SuitePrompt prompt, int n) {
        var d = pipeline.modelPackage().defaults();
        var request = new GenerationRequest(prompt.prompt(), "", d.sampleSize(), d.sampleSize(), steps, guidance,
                prompt.seed(), n, null, null);
        return pipeline.generate(request, ProgressListener.NONE, new CancellationToken()).images().stream()
                .map(GeneratedImage::image).toList();
    }

    @Override
    public String describe() {
        return pipeline.modelPackage().name() + " (" + steps + " steps, guidance " + guidance + ")";
    }
}
