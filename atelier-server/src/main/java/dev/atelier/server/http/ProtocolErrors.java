package dev.atelier.server.http;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiError;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.io.UncheckedIOException;

/**
 * Answers requests that fail before routing (bad request line, bad framing, headers too large, body over the limit)
 * in OpenAI's error shape, never with HTML or exception names, and closes the connection: after a framing error the
 * rest of the stream cannot be trusted.
 */
final class ProtocolErrors implements DirectHandler {
    private static final System.Logger LOG = System.getLogger("dev.atelier.server.http");

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, Throwable thrown, System.Logger logger) {
        // Helidon reports some parse failures of the request line (an illegal character in the method) as internal errors
        if (defaultStatus.code() == 500 && parseFailure(thrown)) {
            return handle(request, EventType.BAD_REQUEST, Status.BAD_REQUEST_400, responseHeaders, (String) null);
        }
        return handle(request, eventType, defaultStatus, responseHeaders, thrown == null ? null : thrown.getMessage());
    }

    private static boolean parseFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException) return true;
        }
        return false;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        // before routing no application code has run: an "internal error" here is Helidon failing to parse the
        // client's bytes (e.g. an illegal character in the method), which is the client's 400
        int status = eventType == EventType.INTERNAL_ERROR ? 400 : defaultStatus.code();
        ApiError error = FrontDoor.protocolError(status, eventType == EventType.INTERNAL_ERROR ? null : message);
        LOG.log(System.Logger.Level.INFO, "refused before routing: {0} {1} ({2})", Integer.toString(error.status()),
                error.code(), eventType);
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Json.error(error));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        responseHeaders.set(HeaderNames.CONTENT_TYPE, "application/json");
        responseHeaders.set(HeaderNames.CONNECTION, "close");
        return TransportResponse.builder()
                .status(Status.create(error.status()))
                .headers(responseHeaders)
                .entity(body)
                .keepAlive(false)
                .build();
    }
}
