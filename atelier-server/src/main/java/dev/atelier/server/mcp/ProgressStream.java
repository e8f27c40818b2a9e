package dev.atelier.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.http.Sse;
import dev.atelier.server.service.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.Map;

/**
 * A request answered as a server-sent event stream, because its client asked for progress (a
 * {@code _meta.progressToken}): a {@code notifications/progress} message per denoising step, then the response.
 * Clients that reset their request timeout on progress then wait for slow models without giving up.
 */
final class ProgressStream {
    /** Hands a tool's progress to its client; the tools get one in the transport context under {@link McpEndpoint#PROGRESS}. */
    @FunctionalInterface
    interface Progress {
        /** Step {@code step} of {@code total} is done. */
        void step(int step, int total);

        Progress NONE = (step, total) -> { };
    }

    private final Sse sse;
    private final JsonNode token;
    private int last;
    private boolean gone;

    ProgressStream(Sse sse, JsonNode token) {
        this.sse = sse;
        this.token = token;
    }

    /** The request's progress token ({@code params._meta.progressToken}, a string or a number), or null. */
    static JsonNode token(McpSchema.JSONRPCRequest request) {
        if (!(request.params() instanceof Map<?, ?> params) || !(params.get("_meta") instanceof Map<?, ?> meta)) return null;
        JsonNode t = Json.MAPPER.valueToTree(meta.get("progressToken"));
        return t != null && (t.isTextual() || t.isIntegralNumber()) ? t : null;
    }

    // progress only ever increases, as MCP asks: a retried job's steps start again unseen
    synchronized void step(int step, int total) {
        if (step <= last) return;
        last = step;
        var params = Json.object().put("progress", step).put("total", total).put("message", "step " + step + " of " + total);
        params.set("progressToken", token);
        send(Json.object().put("jsonrpc", McpSchema.JSONRPC_VERSION).put("method", McpSchema.METHOD_NOTIFICATION_PROGRESS)
                .set("params", params));
    }

    /** The request's response, the stream's last message. */
    synchronized void respond(byte[] response) throws IOException {
        sse.event("message", Json.MAPPER.readTree(response));
    }

    // a client gone mid-job is noticed when the response is sent; the job runs on
    private void send(JsonNode message) {
        if (gone) return;
        try {
            sse.event("message", message);
        } catch (IOException e) {
            gone = true;
        }
    }
}
