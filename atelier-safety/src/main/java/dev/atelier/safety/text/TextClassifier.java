package dev.atelier.safety.text;

/**
 * Rates a text (a prompt, in any of the 28 caption locales, obfuscated or not) per harm {@link Category}.
 * Thread-safe; no I/O per call. Deciding what to refuse is the moderation policy's job, not the classifier's.
 */
public interface TextClassifier {
    /** Short description for the start-up log (kind, lexicon size, version). */
    String describe();

    TextAnalysis analyze(String text);
}
