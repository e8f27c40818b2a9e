package dev.atelier.safety.moderation;

import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The severity from which content is blocked, per category, as Azure's content filter configurations set them
 * ({@code low}, {@code medium} or {@code high}). Sexual content involving minors is blocked at any severity above
 * safe, whatever the configuration says.
 *
 * @param blockAt the lowest blocked severity of each harm category; missing categories take {@link Severity#MEDIUM}
 */
public record BlockThresholds(Map<Category, Severity> blockAt) {
    public BlockThresholds {
        var all = new EnumMap<Category, Severity>(Category.class);
        for (Category c : Category.values()) all.put(c, Severity.MEDIUM);
        for (var e : blockAt.entrySet()) {
            if (e.getValue() == Severity.SAFE) {
                throw new IllegalArgumentException("a block threshold must be low, medium or high, got safe for " + e.getKey().wireName()
                        + " (that would block every prompt)");
            }
            all.put(e.getKey(), e.getValue());
        }
        all.put(Category.SEXUAL_MINORS, Severity.LOW);
        blockAt = Map.copyOf(all);
    }

    /** Medium for every category: Azure's default configuration. */
    public static BlockThresholds defaults() {
        return new BlockThresholds(Map.of());
    }

    /** Every category at {@code s} (sexual/minors stays at low). */
    public static BlockThresholds all(Severity s) {
        var m = new EnumMap<Category, Severity>(Category.class);
        for (Category c : Category.values()) m.put(c, s);
        return new BlockThresholds(m);
    }

    public Severity blockAt(Category c) {
        return blockAt.get(c);
    }

    /** The categories whose severity in {@code severities} reaches its threshold, in wire-name order. */
    public Set<Category> blocked(Map<Category, Severity> severities) {
        var out = new TreeSet<Category>();
        for (var e : severities.entrySet()) if (e.getValue().atLeast(blockAt(e.getKey()))) out.add(e.getKey());
        return out;
    }
}
