package dev.atelier.server.http;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiError;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts Helidon leaves to the application. Header timeout: from a request's first byte (or its request line) to
 * the end of its headers; a connection over it gets {@code 408} in OpenAI's error shape and is closed, so slow-header
 * clients cannot hold connections. Body timeout: {@link #deadline} closes the connection of a handler whose body read
 * takes too long. (Idle keep-alive connections are closed by Helidon's idle timeout.)
 */
final class ConnectionGuard implements Http1ConnectionListener, AutoCloseable {
    private final Duration headerTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atelier-http-timeouts");
        t.setDaemon(true);
        return t;
    });
    private final Map<ConnectionContext, ScheduledFuture<?>> reading = new ConcurrentHashMap<>();
    // connections whose current request's headers are in: their data is body (or the next request, until its prologue)
    private final Set<ConnectionContext> inRequest = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    ConnectionGuard(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    /** How often Helidon looks for idle connections: often enough that the idle timeout is kept to a few percent. */
    static Duration checkPeriod(Duration idle) {
        long ms = Math.clamp(idle.toMillis() / 10, 100, 10_000);
        return Duration.ofMillis(ms);
    }

    @Override
    public void data(ConnectionContext ctx, BufferData data) {
        if (!inRequest.contains(ctx)) arm(ctx);
    }

    @Override
    public void data(ConnectionContext ctx, byte[] data, int position, int length) {
        if (!inRequest.contains(ctx)) arm(ctx);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        inRequest.remove(ctx);
        arm(ctx);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        inRequest.add(ctx);
        ScheduledFuture<?> f = reading.remove(ctx);
        if (f != null) f.cancel(false);
    }

    private void arm(ConnectionContext ctx) {
        reading.computeIfAbsent(ctx, c -> timer.schedule(() -> expire(c), headerTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void expire(ConnectionContext ctx) {
        if (reading.remove(ctx) == null) return;
        ApiError e = FrontDoor.protocolError(408, "the request headers took longer than " + headerTimeout.toMillis() + " ms");
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(Json.error(e));
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n\r\n";
            BufferData out = BufferData.create(head.getBytes(StandardCharsets.US_ASCII));
            ctx.dataWriter().writeNow(BufferData.create(out, BufferData.create(body)));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException ignored) {
            // the client may be gone; the connection is closed either way
        }
        ctx.serverSocket().close();
    }

    /**
     * Closes the connection behind {@code thread}'s request unless {@link Deadline#cancel} comes first; for body
     * reads, which Helidon does not time.
     */
    Deadline deadline(Duration timeout, Runnable onExpiry) {
        var d = new Deadline(onExpiry);
        d.future = timer.schedule(d::fire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return d;
    }

    /** A pending timeout; {@link #cancel} before it fires, or it runs its action once. */
    static final class Deadline {
        private final Runnable onExpiry;
        private volatile ScheduledFuture<?> future;
        private boolean done;
        private boolean fired;

        private Deadline(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        private synchronized void fire() {
            if (done) return;
            done = true;
            fired = true;
            onExpiry.run();
        }

        /** Stops the timer; true if it had already fired. */
        synchronized boolean cancel() {
            done = true;
            if (future != null) future.cancel(false);
            return fired;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
