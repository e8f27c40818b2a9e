package dev.atelier.safety.text;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a text classifier found in a prompt: a severity for every {@link Category}, and the evidence (the matched
 * terms or rules, in normalised form, for logs and the evaluation report; never shown to other users).
 *
 * @param severities one entry per category
 * @param evidence   short descriptions of what matched, e.g. {@code "violence:high:behead"}
 */
public record TextAnalysis(Map<Category, Severity> severities, List<String> evidence) {
    public TextAnalysis {
        var all = new EnumMap<Category, Severity>(Category.class);
        for (Category c : Category.values()) all.put(c, Severity.SAFE);
        all.putAll(severities);
        severities = Map.copyOf(all);
        evidence = List.copyOf(evidence);
    }

    public static TextAnalysis safe() {
        return new TextAnalysis(Map.of(), List.of());
    }

    public Severity severity(Category c) {
        return severities.get(c);
    }
}
