package dev.atelier.server.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** The API's JSON mapper. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads request bodies: one JSON value and nothing after it, no key twice in an object. */
    static final ObjectReader STRICT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The error body in OpenAI's shape. */
    public static ObjectNode error(ApiError e) {
        ObjectNode body = object();
        ObjectNode err = body.putObject("error");
        err.put("message", e.message());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.code());
        return body;
    }

    /** The dotted path of the first string (or key) in {@code node} that holds a NUL character, or null if none does. */
    static String findNul(JsonNode node, String path) {
        if (node.isTextual()) return node.textValue().indexOf('\0') >= 0 ? path : null;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getKey().indexOf('\0') >= 0) return p;
                String found = findNul(e.getValue(), p);
                if (found != null) return found;
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = findNul(node.get(i), path + "[" + i + "]");
                if (found != null) return found;
            }
        }
        return null;
    }
}
