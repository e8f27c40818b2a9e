package dev.atelier.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;

import java.util.EnumMap;
import java.util.EnumSet;

/** An image's filter results as stored in its row: {@code {"sexual": {"filtered": false, "severity": "safe"}, ...}}. */
final class FilterCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterCodec() {
    }

    static String write(FilterResults r) {
        ObjectNode o = JSON.createObjectNode();
        for (Category c : Category.values()) {
            Severity s = r.severities().get(c);
            if (s == null) continue;
            o.putObject(c.wireName()).put("filtered", r.filtered().contains(c)).put("severity", s.wireName());
        }
        if (r.blocklisted()) o.put("blocklisted", true);
        return o.toString();
    }

    /** Null for null (an image stored without a filter, or before filters existed). */
    static FilterResults read(String text) {
        if (text == null) return null;
        try {
            JsonNode o = JSON.readTree(text);
            var sev = new EnumMap<Category, Severity>(Category.class);
            var filtered = EnumSet.noneOf(Category.class);
            for (Category c : Category.values()) {
                JsonNode n = o.get(c.wireName());
                if (n == null) continue;
                sev.put(c, Severity.lookup(n.path("severity").asText()));
                if (n.path("filtered").asBoolean()) filtered.add(c);
            }
            return new FilterResults(sev, filtered, o.path("blocklisted").asBoolean());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable filter results in the images table: " + text, e);
        }
    }
}
