package dev.atelier.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import dev.atelier.server.http.Sse;
import dev.atelier.server.service.Json;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * MCP's streamable HTTP transport, stateless, on the server's router (the MCP SDK ships servlet and WebFlux
 * transports only): {@code POST /mcp} takes one JSON-RPC request and answers its response as JSON (or, when the
 * request asks for progress, as an event stream of progress notifications then the response: {@link ProgressStream}),
 * or takes a notification and answers 202. There are no sessions and no server-to-client stream, so {@code GET /mcp} is a 405,
 * as the specification allows. The route needs an API key like the Images API; the key and the call travel to the
 * tools in the {@link McpTransportContext}.
 */
final class McpEndpoint implements McpStatelessServerTransport {
    /** Where the MCP server listens. */
    static final String PATH = "/mcp";
    static final String KEY = "atelier.key";
    static final String CALL = "atelier.call";
    static final String PROGRESS = "atelier.progress";

    private final McpJsonMapper json;
    private volatile McpStatelessServerHandler handler;

    McpEndpoint(McpJsonMapper json) {
        this.json = json;
    }

    void register(Router r) {
        r.authed("POST", PATH, this::post);
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    // nothing to close: no sessions or streams outlive their request, and a stopping server refuses new jobs itself
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    private void post(HttpCall call) throws IOException {
        String version = call.header("MCP-Protocol-Version");
        if (version != null && !protocolVersions().contains(version)) {
            rpcError(call, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "unsupported MCP-Protocol-Version '" + version
                    + "'; this server speaks " + String.join(", ", protocolVersions()));
            return;
        }
        McpSchema.JSONRPCMessage message = read(call.body());
        if (message == null) {
            rpcError(call, 400, McpSchema.ErrorCodes.PARSE_ERROR, "the body must be one JSON-RPC 2.0 request or notification, "
                    + "a JSON object with 'jsonrpc': '2.0' and a 'method' (batches are not supported)");
            return;
        }
        switch (message) {
            case McpSchema.JSONRPCRequest request -> {
                call.note("mcp=" + request.method());
                JsonNode token = ProgressStream.token(request);
                String accept = call.header("Accept");
                if (token == null || accept == null || !accept.contains("text/event-stream")) {
                    call.send(200, "application/json", json.writeValueAsBytes(handle(call, request, ProgressStream.Progress.NONE)));
                    return;
                }
                try (Sse sse = call.startEvents()) {
                    var stream = new ProgressStream(sse, token);
                    stream.respond(json.writeValueAsBytes(handle(call, request, stream::step)));
                }
            }
            case McpSchema.JSONRPCNotification notification -> {
                var context = context(call, ProgressStream.Progress.NONE);
                handler.handleNotification(context, notification).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
                call.send(202, "application/json", new byte[0]);
            }
            default -> rpcError(call, 400, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "this server sends no requests to clients, so it takes only requests and notifications");
        }
    }

    // the message, or null for a body that is not one: the SDK's reader meets untrusted input here, and whatever it
    // throws for it is the client's mistake
    private McpSchema.JSONRPCMessage read(byte[] body) {
        try {
            if (!Json.MAPPER.readTree(body).isObject()) return null;
            return McpSchema.deserializeJsonRpcMessage(json, new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private McpSchema.JSONRPCResponse handle(HttpCall call, McpSchema.JSONRPCRequest request, ProgressStream.Progress progress) {
        var context = context(call, progress);
        try {
            return handler.handleRequest(context, request).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
        } catch (IllegalArgumentException e) {
            // the SDK reads a method's params into its types before any handler runs, and throws for the wrong shape
            return McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    McpSchema.ErrorCodes.INVALID_PARAMS, "the params of '" + request.method() + "' do not have the shape "
                    + "the MCP specification gives them", null));
        }
    }

    private static McpTransportContext context(HttpCall call, ProgressStream.Progress progress) {
        return McpTransportContext.create(Map.of(KEY, call.key(), CALL, call, PROGRESS, progress));
    }

    // JSON-RPC's error for a message that could not be read: its id is null, which the SDK's response type refuses
    private static void rpcError(HttpCall call, int status, int code, String message) throws IOException {
        var body = Json.object().put("jsonrpc", McpSchema.JSONRPC_VERSION).putNull("id");
        body.putObject("error").put("code", code).put("message", message);
        call.json(status, body);
    }
}
