package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.RgbImage;

/** One image of a result, with the seed that reproduces it alone and the parameters to embed in its file. */
public record GeneratedImage(RgbImage image, long seed, GenerationParameters parameters) {
}
