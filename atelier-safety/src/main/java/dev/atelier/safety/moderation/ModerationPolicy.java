package dev.atelier.safety.moderation;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which thresholds apply to a request: a deployment's (a model's) own configuration or the installation's, for
 * {@code moderation: auto} and for {@code moderation: low}; {@code low} is honoured only for the key tiers that may
 * ask for it, and is {@code auto} for the others (as a stricter default is never a surprise).
 *
 * @param auto        the installation's thresholds for {@code auto}
 * @param low         the installation's thresholds for {@code low}
 * @param deployments per model name, thresholds that replace the installation's
 * @param lowTiers    key tiers ({@code free}, {@code preview}, {@code partner}, {@code studio}) whose {@code low} is honoured
 */
public record ModerationPolicy(BlockThresholds auto, BlockThresholds low, Map<String, Deployment> deployments,
                               Set<String> lowTiers) {
    public ModerationPolicy {
        if (auto == null || low == null) throw new IllegalArgumentException("the policy needs thresholds for auto and for low");
        deployments = Map.copyOf(deployments);
        lowTiers = Set.copyOf(lowTiers);
    }

    /** A deployment's own thresholds for {@code auto} and {@code low}. */
    public record Deployment(BlockThresholds auto, BlockThresholds low) {
        public Deployment {
            if (auto == null || low == null) throw new IllegalArgumentException("a deployment needs thresholds for auto and for low");
        }
    }

    /** Azure's default (medium) for {@code auto}, high for {@code low}, which the preview and partner tiers may ask for. */
    public static ModerationPolicy defaults() {
        return new ModerationPolicy(BlockThresholds.defaults(), BlockThresholds.all(dev.atelier.safety.text.Severity.HIGH),
                Map.of(), Set.of("preview", "partner"));
    }

    /** The level that applies when a key of {@code tier} asks for {@code asked}: low only for the tiers that may. */
    public ModerationLevel effective(String tier, ModerationLevel asked) {
        return asked == ModerationLevel.LOW && lowTiers.contains(tier) ? ModerationLevel.LOW : ModerationLevel.AUTO;
    }

    /** The thresholds for {@code deployment} at the level that applies ({@link #effective}). */
    public BlockThresholds thresholds(String deployment, ModerationLevel effective) {
        Deployment d = deployments.get(deployment);
        boolean loosen = effective == ModerationLevel.LOW;
        if (d != null) return loosen ? d.low() : d.auto();
        return loosen ? low : auto;
    }

    /** For the start-up log. */
    public String describe() {
        return "block at " + auto.blockAt() + " (auto), " + low.blockAt() + " (low, tiers " + new TreeSet<>(lowTiers) + ")"
                + (deployments.isEmpty() ? "" : ", own thresholds for " + new TreeSet<>(deployments.keySet()));
    }
}
