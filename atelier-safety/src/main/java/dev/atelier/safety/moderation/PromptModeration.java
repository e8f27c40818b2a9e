package dev.atelier.safety.moderation;

import dev.atelier.safety.text.TextAnalysis;
import dev.atelier.safety.text.TextClassifier;

import java.util.function.Supplier;

/**
 * Moderates prompts: the classifier's severities against the policy's thresholds, plus the operator's blocklist
 * (read afresh on every call through {@code blocklist}, so that changes apply at once). Thread-safe.
 */
public final class PromptModeration {
    private final TextClassifier classifier;
    private final ModerationPolicy policy;
    private final Supplier<Blocklist> blocklist;

    public PromptModeration(TextClassifier classifier, ModerationPolicy policy, Supplier<Blocklist> blocklist) {
        this.classifier = classifier;
        this.policy = policy;
        this.blocklist = blocklist;
    }

    public ModerationPolicy policy() {
        return policy;
    }

    /** The rating alone, without thresholds or blocklists (the {@code /v1/moderations} endpoint). */
    public TextAnalysis analyze(String text) {
        return classifier.analyze(text);
    }

    /** The verdict on {@code prompt} sent to {@code deployment} by a key of {@code tier} that asked for {@code level}. */
    public PromptVerdict check(String prompt, String deployment, String tier, ModerationLevel level) {
        TextAnalysis a = classifier.analyze(prompt);
        ModerationLevel applied = policy.effective(tier, level);
        BlockThresholds t = policy.thresholds(deployment, applied);
        return new PromptVerdict(a, applied, t, t.blocked(a.severities()), blocklist.get().matches(prompt));
    }

    /** For the start-up log. */
    public String describe() {
        return classifier.describe() + "; " + policy.describe();
    }
}
