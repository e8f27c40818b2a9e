package dev.atelier.safety.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code moderation:} section of the safety file into a {@link ModerationPolicy}:
 * <pre>
 * moderation:
 *   block_at:     {hate: medium, sexual: medium, violence: medium, self_harm: medium}   # auto
 *   low_block_at: {hate: high, sexual: high, violence: high, self_harm: high}           # moderation: low
 *   low_tiers:    [preview, partner]
 *   deployments:
 *     my-model: {block_at: {violence: high}, low_block_at: {violence: high}}
 * </pre>
 * Every key is optional; an unknown key, category or severity is an error that names it and the valid ones.
 */
public final class PolicyFile {
    private static final Set<String> KEYS = Set.of("block_at", "low_block_at", "low_tiers", "deployments");
    private static final Set<String> DEPLOYMENT_KEYS = Set.of("block_at", "low_block_at");
    private static final Set<String> TIERS = Set.of("free", "preview", "partner", "studio");

    private PolicyFile() {
    }

    /** The policy {@code node} describes; {@code where} names it in errors (the file and section). */
    public static ModerationPolicy read(JsonNode node, String where) {
        ModerationPolicy d = ModerationPolicy.defaults();
        if (node == null || node.isNull()) return d;
        known(node, KEYS, where);
        BlockThresholds auto = thresholds(node.get("block_at"), d.auto(), where + ".block_at");
        BlockThresholds low = thresholds(node.get("low_block_at"), d.low(), where + ".low_block_at");
        Set<String> tiers = d.lowTiers();
        if (node.has("low_tiers")) {
            tiers = new HashSet<>();
            for (JsonNode t : node.get("low_tiers")) {
                if (!TIERS.contains(t.asText())) {
                    throw new IllegalArgumentException(where + ".low_tiers: unknown tier '" + t.asText() + "'; valid: " + TIERS);
                }
                tiers.add(t.asText());
            }
        }
        var deployments = new HashMap<String, ModerationPolicy.Deployment>();
        JsonNode ds = node.get("deployments");
        if (ds != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
                var e = it.next();
                String w = where + ".deployments." + e.getKey();
                known(e.getValue(), DEPLOYMENT_KEYS, w);
                deployments.put(e.getKey(), new ModerationPolicy.Deployment(thresholds(e.getValue().get("block_at"), auto, w + ".block_at"),
                        thresholds(e.getValue().get("low_block_at"), low, w + ".low_block_at")));
            }
        }
        return new ModerationPolicy(auto, low, deployments, tiers);
    }

    private static BlockThresholds thresholds(JsonNode node, BlockThresholds base, String where) {
        if (node == null || node.isNull()) return base;
        if (!node.isObject()) throw new IllegalArgumentException(where + ": expected a map of category to severity");
        var m = new EnumMap<Category, Severity>(base.blockAt());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            try {
                Category c = Category.lookup(e.getKey());
                if (c == Category.SEXUAL_MINORS) {
                    throw new IllegalArgumentException("sexual_minors is always blocked at any severity and cannot be configured");
                }
                m.put(c, Severity.lookup(e.getValue().asText()));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(where + ": " + x.getMessage());
            }
        }
        m.remove(Category.SEXUAL_MINORS);
        return new BlockThresholds(m);
    }

    /** Refuses a key of {@code node} that is not in {@code keys}, naming it, {@code where} and the valid ones. */
    public static void known(JsonNode node, Set<String> keys, String where) {
        if (!node.isObject()) throw new IllegalArgumentException(where + ": expected a map with keys " + keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) throw new IllegalArgumentException(where + ": unknown key '" + k + "'; valid: " + new java.util.TreeSet<>(keys));
        }
    }
}
