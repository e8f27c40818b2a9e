package dev.atelier.server.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server's JSON mapper and OpenAI's error body. */
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
