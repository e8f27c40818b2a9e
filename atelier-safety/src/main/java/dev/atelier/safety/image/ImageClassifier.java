package dev.atelier.safety.image;

import dev.atelier.engine.image.RgbImage;

/** Rates a generated image for sexual content. Thread-safe; sessions created once. */
public interface ImageClassifier extends AutoCloseable {
    /** Short description for the start-up log. */
    String describe();

    /** Rates {@code image} (any size; composed over white first when it has alpha). */
    ImageAnalysis analyze(RgbImage image);

    @Override
    void close();
}
