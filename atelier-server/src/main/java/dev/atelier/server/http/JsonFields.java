package dev.atelier.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.Quality;
import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of a JSON request body's fields, for the API and the web pages alike: a wrong type is a 400 naming
 * the field; a missing or null field is the given default (null: "the model's default", for the resolver).
 */
public final class JsonFields {
    /** Reads request bodies: one JSON value and nothing after it, no key twice in an object. */
    static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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

    private JsonFields() {
    }

    /**
     * The image request fields the Images API and the studio share, under the API's names: {@code prompt},
     * {@code negative_prompt}, {@code size}, {@code quality}, {@code steps}, {@code guidance_scale},
     * {@code scheduler}, {@code seed} and {@code n}. Only types and shapes are checked here (a 400 naming the field);
     * the model's defaults and checks are the engine's resolver's, when the service resolves the request.
     */
    public static ImageRequest imageRequest(JsonNode body) {
        String quality = string(body, "quality", null);
        try {
            return ImageRequest.of(string(body, "prompt", null)).negativePrompt(string(body, "negative_prompt", null))
                    .size(string(body, "size", null)).quality(quality == null ? null : Quality.lookup(quality))
                    .steps(intOrNull(body, "steps")).guidance(numberOrNull(body, "guidance_scale"))
                    .scheduler(string(body, "scheduler", null)).seed(longOrNull(body, "seed")).count(intOrNull(body, "n"))
                    .background(Background.lookup(oneOf(body, "background", "auto", Set.of("auto", "opaque", "transparent"))))
                    .build();
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e);
        }
    }

    /** Refuses the first field outside {@code allowed} with the message {@code message} makes of its name. */
    public static void onlyKnown(JsonNode body, Set<String> allowed, Function<String, String> message) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw ApiException.invalid(message.apply(f), f);
        }
    }

    public static String string(JsonNode body, String f, String dflt) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw ApiException.invalid("'" + f + "' must be a string.", f);
        return v.asText();
    }

    public static String oneOf(JsonNode body, String f, String dflt, Set<String> allowed) {
        String v = string(body, f, dflt);
        if (!allowed.contains(v)) {
            throw ApiException.invalid("Invalid value '" + v + "' for '" + f + "'; supported: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ".", f);
        }
        return v;
    }

    public static Integer intOrNull(JsonNode body, String f) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.invalid("'" + f + "' must be an integer.", f);
        return v.intValue();
    }

    public static int integer(JsonNode body, String f, int dflt, int min, int max) {
        Integer i = intOrNull(body, f);
        if (i == null) return dflt;
        if (i < min || i > max) throw ApiException.invalid("'" + f + "' must be between " + min + " and " + max + ", got " + i + ".", f);
        return i;
    }

    public static Long longOrNull(JsonNode body, String f) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw ApiException.invalid("'" + f + "' must be an integer.", f);
        return v.longValue();
    }

    public static Double numberOrNull(JsonNode body, String f) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw ApiException.invalid("'" + f + "' must be a number.", f);
        return v.doubleValue();
    }

    public static boolean bool(JsonNode body, String f, boolean dflt) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw ApiException.invalid("'" + f + "' must be true or false.", f);
        return v.booleanValue();
    }
}
