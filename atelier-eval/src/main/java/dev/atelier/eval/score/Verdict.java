package dev.atelier.eval.score;

import java.util.Map;

/**
 * Whether one image passes its prompt: every check of the prompt, each true or false.
 *
 * @param checks check name to result, in the prompt's order
 * @param seen   what the judge saw, in words (for the report)
 */
public record Verdict(Map<String, Boolean> checks, String seen) {
    public Verdict {
        checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }

    public boolean passed() {
        return checks.values().stream().allMatch(b -> b);
    }
}
