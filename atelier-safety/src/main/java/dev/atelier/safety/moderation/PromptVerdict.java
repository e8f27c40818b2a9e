package dev.atelier.safety.moderation;

import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.TextAnalysis;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The moderation of one prompt: what the classifier rated, which categories that blocks under the thresholds that
 * applied (at the level that applied), and which operator-blocklisted terms it contains.
 */
public record PromptVerdict(TextAnalysis analysis, ModerationLevel level, BlockThresholds thresholds, Set<Category> blocked, List<String> blocklistHits) {
    public PromptVerdict {
        blocked = Set.copyOf(blocked);
        blocklistHits = List.copyOf(blocklistHits);
    }

    public boolean allowed() {
        return blocked.isEmpty() && blocklistHits.isEmpty();
    }

    /** Whether {@code c} is blocked for this prompt (Azure's {@code filtered}). */
    public boolean filtered(Category c) {
        return blocked.contains(c);
    }

    /**
     * Why the prompt was refused, naming the categories (with their severities) and whether a blocklist matched,
     * never the matched text itself.
     */
    public String refusal() {
        if (allowed()) throw new IllegalStateException("the prompt was not refused");
        String cats = blocked.stream().sorted().map(c -> c.wireName() + " (" + analysis.severity(c).wireName() + ")")
                .collect(Collectors.joining(", "));
        StringBuilder why = new StringBuilder("Your request was rejected by the safety system: the prompt was flagged for ");
        if (!cats.isEmpty()) why.append(cats);
        if (!blocklistHits.isEmpty()) why.append(cats.isEmpty() ? "" : " and ").append("a term on this server's blocklist");
        return why.append(". Rephrase the prompt and try again.").toString();
    }
}
