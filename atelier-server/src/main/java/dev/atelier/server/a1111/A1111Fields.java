package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.service.ApiException;

/**
 * Typed reads of A1111 JSON fields, as lenient as A1111's pydantic models where that is harmless (a whole number
 * sent as {@code 20.0} is an integer) and a 422 naming the field otherwise.
 */
final class A1111Fields {
    private A1111Fields() {
    }

    static String string(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.invalid("'" + f + "' must be a string", f);
        return v.asText();
    }

    static Long longOrNull(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue()) || Math.abs(v.doubleValue()) > 1e15) {
            throw ApiException.invalid("'" + f + "' must be an integer, got " + v, f);
        }
        return v.longValue();
    }

    static Integer intOrNull(JsonNode b, String f) {
        Long v = longOrNull(b, f);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw ApiException.invalid("'" + f + "' is out of range: " + v, f);
        return v.intValue();
    }

    static int intOr(JsonNode b, String f, int dflt) {
        Integer v = intOrNull(b, f);
        return v == null ? dflt : v;
    }

    static Double numberOrNull(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw ApiException.invalid("'" + f + "' must be a number, got " + v, f);
        return v.doubleValue();
    }

    static boolean bool(JsonNode b, String f, boolean dflt) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw ApiException.invalid("'" + f + "' must be true or false, got " + v, f);
        return v.booleanValue();
    }
}
