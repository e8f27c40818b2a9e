package dev.atelier.eval.suite;

import java.util.List;

/**
 * One prompt of the suite ({@code eval/prompts.jsonl}) with the attributes its images must show.
 *
 * @param category   single, two, count, colour, position or style
 * @param seed       image {@code i} of this prompt is generated with seed {@code seed + i}
 * @param checks     the attributes judged: concept, relation, count, background, position, style
 * @param concepts   emoji hexcodes shown, in caption order (two for the two-object category)
 * @param position   one of the nine positions for a single object, else null
 * @param relation   relation of the first concept to the second ("left of", "right of", "above", "below") or null
 */
public record SuitePrompt(String id, String category, String prompt, long seed, List<String> checks,
                          List<String> concepts, List<String> labels, String style, String background,
                          String position, int count, String relation) {
    public static final List<String> CATEGORIES = List.of("single", "two", "count", "colour", "position", "style");
    public static final List<String> CHECKS = List.of("concept", "relation", "count", "background", "position", "style");

    public SuitePrompt {
        if (!CATEGORIES.contains(category)) {
            throw new IllegalArgumentException("prompt " + id + ": category must be one of " + CATEGORIES + ", got " + category);
        }
        for (String c : checks) {
            if (!CHECKS.contains(c)) throw new IllegalArgumentException("prompt " + id + ": unknown check '" + c + "', valid: " + CHECKS);
        }
        if (concepts.isEmpty()) throw new IllegalArgumentException("prompt " + id + ": no concepts");
        if (checks.contains("relation") && (relation == null || concepts.size() != 2)) {
            throw new IllegalArgumentException("prompt " + id + ": a relation check needs two concepts and a relation");
        }
        if (count < 1 || count > 4) throw new IllegalArgumentException("prompt " + id + ": count must be 1–4, got " + count);
        checks = List.copyOf(checks);
        concepts = List.copyOf(concepts);
        labels = List.copyOf(labels);
    }
}
