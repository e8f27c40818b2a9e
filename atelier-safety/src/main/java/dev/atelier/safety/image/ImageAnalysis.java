package dev.atelier.safety.image;

import dev.atelier.safety.text.Severity;

import java.util.Map;

/**
 * What an image classifier found.
 *
 * @param scores  the classifier's own classes and probabilities (nsfwjs: drawing, hentai, neutral, porn, sexy)
 * @param sexual  the sexual-content severity on Azure's scale, derived from the scores by the classifier's thresholds
 */
public record ImageAnalysis(Map<String, Float> scores, Severity sexual) {
    public ImageAnalysis {
        scores = Map.copyOf(scores);
    }
}
