package dev.atelier.server.safety;

import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.safety.moderation.PromptModeration;
import dev.atelier.safety.moderation.PromptVerdict;
import dev.atelier.safety.text.Category;
import dev.atelier.server.store.ModerationAudit;
import dev.atelier.server.spi.PromptCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The prompt check of a server with safeguards: the safety module's moderation (classifier, thresholds per model and
 * tier, the operator's blocklist), with each refusal counted in the metrics
 * ({@code atelier_prompts_blocked_total{category}}) and written to the audit trail without the prompt.
 */
public final class ModeratedPrompts implements PromptCheck {
    private static final System.Logger LOG = System.getLogger(ModeratedPrompts.class.getName());

    private final PromptModeration moderation;
    private final ModerationAudit audit;
    private final MeterRegistry metrics;

    public ModeratedPrompts(PromptModeration moderation, ModerationAudit audit, MeterRegistry metrics) {
        this.moderation = moderation;
        this.audit = audit;
        this.metrics = metrics;
    }

    @Override
    public String describe() {
        return moderation.describe();
    }

    @Override
    public Passed check(Input in) {
        ModerationLevel asked = ModerationLevel.lookup(in.moderation());
        PromptVerdict v = moderation.check(in.prompt(), in.model(), in.tier(), asked);
        FilterResults results = FilterResults.of(v);
        if (v.allowed()) return new Passed(v.level().wireName(), results);
        for (Category c : v.blocked()) counter(c.wireName()).increment();
        if (!v.blocklistHits().isEmpty()) counter("blocklist").increment();
        audit.refused(in.caller(), in.model(), in.prompt(), v.blocked(), !v.blocklistHits().isEmpty());
        LOG.log(System.Logger.Level.INFO, "prompt refused for {0}: {1}{2}", in.caller(), v.blocked(),
                v.blocklistHits().isEmpty() ? "" : " + blocklist");
        throw new Refused("moderation_blocked", v.refusal(), results);
    }

    private Counter counter(String category) {
        return Counter.builder("atelier_prompts_blocked").description("Prompts refused by moderation, by category")
                .tag("category", category).register(metrics);
    }
}
