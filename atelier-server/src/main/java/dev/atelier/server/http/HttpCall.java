package dev.atelier.server.http;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.ApiError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.atelier.server.keys.ApiKey;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request and its response: body reading with a size limit, JSON in and out, path and query parameters. */
public final class HttpCall {
    private final ServerRequest req;
    private final ServerResponse res;
    private final long maxBody;
    private final FrontDoor door;
    private final InFlight inFlight;
    private String route = "unmatched";
    private Parameters pathParams;
    private Map<String, String> query;
    private ApiKey key;
    private int status;
    private boolean started;
    private String note = "";

    HttpCall(ServerRequest req, ServerResponse res, long maxBody, FrontDoor door, InFlight inFlight) {
        this.req = req;
        this.res = res;
        this.maxBody = maxBody;
        this.door = door;
        this.inFlight = inFlight;
    }

    public String method() {
        return req.prologue().method().text();
    }

    public String path() {
        return req.prologue().uriPath().rawPath();
    }

    public String pathParam(String name) {
        return pathParams != null && pathParams.contains(name) ? pathParams.get(name) : null;
    }

    public String header(String name) {
        return req.headers().first(HeaderNames.create(name)).orElse(null);
    }

    /**
     * The client's IP address: the peer's, or where the peer is a trusted proxy, the nearest untrusted address in
     * {@code X-Forwarded-For}.
     */
    public String clientAddress() {
        InetSocketAddress peer = req.remotePeer().address() instanceof InetSocketAddress a ? a : null;
        return door.clientAddress(peer == null ? null : peer.getAddress(), header("X-Forwarded-For"));
    }

    /** A query parameter, decoded; an invalid {@code %} escape is a 400 naming it. */
    public String query(String name) {
        if (query == null) query = parseQuery(req.prologue().query().rawValue());
        return query.get(name);
    }

    public ApiKey key() {
        return key;
    }

    void key(ApiKey k) {
        this.key = k;
    }

    void route(String template, Parameters params) {
        this.route = template;
        this.pathParams = params;
    }

    String route() {
        return route;
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

    /** Whether the response (or an event stream) has begun. */
    boolean started() {
        return started || res.isSent();
    }

    void closeConnection() {
        if (!started()) res.header(HeaderNames.CONNECTION, "close");
    }

    /** The request body; over the limit is a 413, a body slower than the body timeout closes the connection. */
    public byte[] body() throws IOException {
        Thread reader = Thread.currentThread();
        var deadline = door.guard().deadline(door.options().bodyTimeout(), reader::interrupt);
        try (InputStream in = req.content().inputStream()) {
            var out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int r;
            while ((r = in.read(buf)) > 0) {
                out.write(buf, 0, r);
                if (out.size() > maxBody) throw new ApiException(new ApiError.PayloadTooLarge(maxBody));
            }
            return out.toByteArray();
        } catch (UncheckedIOException | ServerConnectionException | ClosedByInterruptException e) {
            // the client went away, or the body timeout closed the connection
            if (deadline.cancel()) throw new InterruptedIOException("the request body took longer than the body timeout");
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } catch (RequestException e) {
            throw new ApiException(FrontDoor.protocolError(e.status().code() == 413 ? 413 : 400, e.getMessage()));
        } catch (IllegalArgumentException e) {
            // Helidon's chunk parser lets a bad chunk size through as a NumberFormatException
            throw new ApiException(FrontDoor.protocolError(400, "malformed chunked body"));
        } finally {
            if (deadline.cancel()) Thread.interrupted();
        }
    }

    /**
     * The body as {@code multipart/form-data} parts ({@link Multipart}), within the body limit; a body that is not
     * multipart or is malformed is a 400 that says why.
     */
    public java.util.List<Multipart.Part> multipartBody(int maxParts) throws IOException {
        return Multipart.parse(body(), header("Content-Type"), maxParts);
    }

    /**
     * The body as a JSON object, read strictly: not JSON, text after the value, a key given twice or a NUL character
     * in any string is a 400 that names the problem.
     */
    public JsonNode jsonBody() throws IOException {
        byte[] bytes = body();
        if (bytes.length == 0) throw ApiException.invalid("the request body must be a JSON object", null);
        JsonNode node;
        try {
            node = JsonFields.STRICT.readTree(bytes);
        } catch (MismatchedInputException e) {
            // Jackson's wording names its own classes
            throw ApiException.invalid(e.getOriginalMessage().startsWith("Trailing token")
                    ? "the request body has text after the JSON value" : "the request body is not a JSON object", null);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) throw ApiException.invalid("the request body must be a JSON object", null);
        String nul = JsonFields.findNul(node, "");
        if (nul != null) throw ApiException.invalid("'" + nul + "' must not contain a NUL character (U+0000)", nul);
        return node;
    }

    public void setHeader(String name, String value) {
        res.header(HeaderNames.create(name), value);
    }

    public void json(int code, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        send(code, "application/json", bytes);
    }

    public void send(int code, String contentType, byte[] bytes) throws IOException {
        status = code;
        started = true;
        res.status(Status.create(code));
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        try {
            res.send(bytes);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public void error(ApiError e) throws IOException {
        if (e.retryAfter() > 0) setHeader("Retry-After", Long.toString(e.retryAfter()));
        json(e.status(), Json.error(e));
    }

    /** Starts a server-sent event stream; write events with {@link Sse}. It ends with an error event on shutdown. */
    public Sse startEvents() throws IOException {
        status = 200;
        started = true;
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        OutputStream out = res.outputStream();
        var holder = new Sse[1];
        Sse sse = new Sse(out, () -> inFlight.closed(holder[0]));
        holder[0] = sse;
        inFlight.opened(sse);
        return sse;
    }

    /**
     * The base of links to this server: the configured public URL, else what a trusted proxy forwards, else the
     * address the server listens on; never the request's {@code Host} header.
     */
    public String baseUrl() {
        InetSocketAddress peer = req.remotePeer().address() instanceof InetSocketAddress a ? a : null;
        InetSocketAddress local = (InetSocketAddress) req.localPeer().address();
        return door.baseUrl(peer == null ? null : peer.getAddress(), local, header("X-Forwarded-Proto"), header("X-Forwarded-Host"));
    }

    private static Map<String, String> parseQuery(String raw) {
        var m = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) return m;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq), null);
            String v = eq < 0 ? "" : decode(part.substring(eq + 1), k);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static String decode(String s, String param) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("the query string has an invalid %-escape" + (param == null ? "" : " in '" + param + "'"),
                    param);
        }
    }
}
