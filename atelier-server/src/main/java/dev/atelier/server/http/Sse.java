package dev.atelier.server.http;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events ({@code event:} and one {@code data:} line of JSON each), flushed one by one. On shutdown
 * the server ends every open stream with a terminal {@code error} event ({@link #terminate}); writes after that fail.
 */
public final class Sse implements AutoCloseable {
    private final OutputStream out;
    private final Thread owner;
    private final Runnable onClose;
    private boolean closed;

    Sse(OutputStream out, Runnable onClose) {
        this.out = out;
        this.owner = Thread.currentThread();
        this.onClose = onClose;
    }

    public synchronized void event(String name, JsonNode data) throws IOException {
        if (closed) throw new IOException("the event stream is closed");
        String text = "event: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A comment line, to keep idle connections open through proxies. */
    public synchronized void keepAlive() throws IOException {
        if (closed) throw new IOException("the event stream is closed");
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends {@code error} as the last event, closes the stream and wakes the thread that serves it. */
    synchronized void terminate(ApiError error) {
        if (closed) return;
        try {
            event("error", Json.error(error));
        } catch (IOException e) {
            // the client is gone already
        }
        closeQuietly();
        owner.interrupt();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        onClose.run();
        out.close();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // the client is gone already
        }
    }
}
