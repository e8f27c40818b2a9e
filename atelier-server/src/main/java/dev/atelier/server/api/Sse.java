package dev.atelier.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events ({@code event:} and one {@code data:} line of JSON each), flushed one by one. */
public final class Sse implements AutoCloseable {
    private final OutputStream out;

    Sse(OutputStream out) {
        this.out = out;
    }

    public synchronized void event(String name, JsonNode data) throws IOException {
        String text = "event: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A comment line, to keep idle connections open through proxies. */
    public synchronized void keepAlive() throws IOException {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
