package dev.atelier.engine.pipeline;

import java.util.List;

/**
 * @param images   in request order; image {@code i} has seed {@code request.seed() + i}
 * @param timings  where the time went
 * @param warnings things the user should know, e.g. a prompt truncated to the model's token limit
 */
public record GenerationResult(List<GeneratedImage> images, StageTimings timings, List<String> warnings) {
    public GenerationResult {
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
    }
}
