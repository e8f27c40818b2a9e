package dev.atelier.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The API's JSON mapper. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

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
}
