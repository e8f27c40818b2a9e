package dev.atelier.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.atelier.server.keys.ApiKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request and its response: body reading with a size limit, JSON in and out, path and query parameters. */
public final class HttpCall {
    private final HttpExchange exchange;
    private final long maxBody;
    private final Map<String, String> pathParams;
    private Map<String, String> query;
    private ApiKey key;
    private int status;
    private String note = "";

    HttpCall(HttpExchange exchange, long maxBody, Map<String, String> pathParams) {
        this.exchange = exchange;
        this.maxBody = maxBody;
        this.pathParams = pathParams;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getRawPath();
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The IP address of the peer that sent the request (a proxy's, behind one), as a string. */
    public String clientAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    public String query(String name) {
        if (query == null) query = parseQuery(exchange.getRequestURI().getRawQuery());
        return query.get(name);
    }

    public ApiKey key() {
        return key;
    }

    void key(ApiKey k) {
        this.key = k;
    }

    /** Something to add to the request's log line (e.g. the job id). */
    public void note(String text) {
        note = note.isEmpty() ? text : note + " " + text;
    }

    String note() {
        return note;
    }

    int status() {
        return status;
    }

    /** The request body; over the limit is a 413. */
    public byte[] body() throws IOException {
        String len = header("Content-Length");
        if (len != null) {
            try {
                if (Long.parseLong(len.trim()) > maxBody) throw new ApiException(new ApiError.PayloadTooLarge(maxBody));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("bad Content-Length header", null);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            var out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int r;
            while ((r = in.read(buf)) > 0) {
                out.write(buf, 0, r);
                if (out.size() > maxBody) throw new ApiException(new ApiError.PayloadTooLarge(maxBody));
            }
            return out.toByteArray();
        }
    }

    /** The body as a JSON object; anything else is a 400. */
    public JsonNode jsonBody() throws IOException {
        byte[] bytes = body();
        if (bytes.length == 0) throw ApiException.invalid("the request body must be a JSON object", null);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) throw ApiException.invalid("the request body must be a JSON object", null);
        return node;
    }

    public void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    public void json(int code, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        send(code, "application/json", bytes);
    }

    public void send(int code, String contentType, byte[] bytes) throws IOException {
        status = code;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public void error(ApiError e) throws IOException {
        if (e.retryAfter() > 0) setHeader("Retry-After", Long.toString(e.retryAfter()));
        json(e.status(), Json.error(e));
    }

    /** Starts a server-sent event stream; write events with {@link Sse}. */
    public Sse startEvents() throws IOException {
        status = 200;
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/event-stream");
        h.set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return new Sse(exchange.getResponseBody());
    }

    /** The server's own base URL as the client reached it. */
    public String baseUrl() {
        String host = header("Host");
        return "http://" + (host == null ? exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort() : host);
    }

    private static Map<String, String> parseQuery(String raw) {
        var m = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) return m;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }
}
