package dev.atelier.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The emoji a model was trained on, where it was trained on a few only ({@code "atelier.vocabulary"} in
 * model_index.json, docs/model-package.md): each concept's label and the English words a prompt may use for it.
 * A prompt that names none of them gets a warning, since the model cannot draw it.
 *
 * @param entries the concepts, in the package's order; at least one
 */
public record Vocabulary(List<Entry> entries) {
    /** How many labels a warning lists before "…". */
    private static final int LISTED = 8;

    /**
     * One concept.
     *
     * @param label its name, e.g. {@code dog face}
     * @param names the words for it, e.g. {@code dog face, dog faces, dog, dogs}; at least one
     */
    public record Entry(String label, List<String> names) {
        public Entry {
            if (label == null || label.isBlank()) throw new IllegalArgumentException("a vocabulary entry needs a label");
            names = names.stream().map(Vocabulary::normalize).filter(n -> !n.isEmpty()).toList();
            if (names.isEmpty()) throw new IllegalArgumentException("vocabulary entry \"" + label + "\" has no names");
        }
    }

    public Vocabulary {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) throw new IllegalArgumentException("a vocabulary needs at least one entry");
    }

    /** Labels of the concepts that {@code prompt} names as whole words (any case), in vocabulary order. */
    public List<String> namedIn(String prompt) {
        String text = " " + normalize(prompt) + " ";
        List<String> found = new ArrayList<>();
        for (Entry e : entries) {
            if (e.names().stream().anyMatch(n -> text.contains(" " + n + " "))) found.add(e.label());
        }
        return found;
    }

    /** The warning for a prompt that names none of the concepts; empty if it names one. */
    public Optional<String> warningFor(String modelName, String prompt) {
        if (!namedIn(prompt).isEmpty()) return Optional.empty();
        List<String> labels = entries.stream().map(Entry::label).toList();
        String listed = String.join(", ", labels.subList(0, Math.min(LISTED, labels.size())))
                + (labels.size() > LISTED ? ", …" : "");
        return Optional.of("the prompt names none of the " + labels.size() + " emoji " + modelName
                + " was trained on (in English: " + listed + "; all of them in its model card), so the image will"
                + " not show what it asks for");
    }

    /** Lower case, runs of anything but letters and digits as one space. */
    static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
