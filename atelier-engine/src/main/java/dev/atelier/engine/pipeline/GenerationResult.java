package dev.atelier.engine.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * @param images     in request order; image {@code i} has seed {@code request.seed() + i}
 * @param timings    where the time went
 * @param warnings   things the user should know, e.g. a prompt truncated to the model's token limit
 * @param references what a retrieval model took from its reference library, in prompt order (an empty list: nothing
 *                   matched, the images are drawn from the text alone); absent for a model without a library
 */
public record GenerationResult(List<GeneratedImage> images, StageTimings timings, List<String> warnings,
                               Optional<List<LibraryReference>> references) {
    public GenerationResult {
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
        references = references.map(List::copyOf);
    }

    /** A result of a model without a reference library. */
    public GenerationResult(List<GeneratedImage> images, StageTimings timings, List<String> warnings) {
        this(images, timings, warnings, Optional.empty());
    }
}
