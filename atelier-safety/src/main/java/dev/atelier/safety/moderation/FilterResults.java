package dev.atelier.safety.moderation;

import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;

import java.util.Map;
import java.util.Set;

/**
 * A content filter's results as Azure reports them: for each category rated, its severity and whether it was
 * filtered, and whether an operator blocklist matched.
 *
 * @param severities  the categories that were rated (a prompt: all of them; an image: those its classifier rates)
 * @param filtered    the rated categories that were blocked
 * @param blocklisted whether an operator blocklist matched (prompts only)
 */
public record FilterResults(Map<Category, Severity> severities, Set<Category> filtered, boolean blocklisted) {
    public FilterResults {
        severities = Map.copyOf(severities);
        filtered = Set.copyOf(filtered);
        for (Category c : filtered) {
            if (!severities.containsKey(c)) throw new IllegalArgumentException("filtered category " + c.wireName() + " was not rated");
        }
    }

    /** A prompt's results. */
    public static FilterResults of(PromptVerdict v) {
        return new FilterResults(v.analysis().severities(), v.blocked(), !v.blocklistHits().isEmpty());
    }

    public boolean anyFiltered() {
        return blocklisted || !filtered.isEmpty();
    }
}
