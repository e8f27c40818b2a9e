package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown: during the grace period the listener stays open, {@code /readyz} is 503 and submissions get
 * 503 {@code shutting_down}; event streams end with an error event; the running job goes back to the queue at once.
 * A synchronous call still waiting for its job when the grace period ends is cut off with 503 {@code shutting_down}
 * and Retry-After, and its retry with the same {@code Idempotency-Key} after the restart gets that job's images.
 */
class ShutdownTest {
    @TempDir
    Path dir;

    @Test
    void gracePeriodRefusesNewWorkEndsStreamsAndRequeuesTheRunningJob() throws Exception {
        var s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c.withShutdownGrace(Duration.ofMillis(1500)));
        var r = s.post("/v1/images/jobs", "{\"prompt\": \"long\", \"model\": \"tiny-sd\", \"size\": \"256x256\", \"steps\": 100, \"n\": 8}");
        String id = TestServer.json(r).path("id").asText();
        s.awaitRunning(id);
        var client = HttpClient.newHttpClient();
        var lines = new ArrayList<String>();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> events = client.sendAsync(HttpRequest.newBuilder(
                URI.create(s.url("/v1/images/jobs/" + id + "/events"))).header("Authorization", "Bearer " + s.key).build(),
                HttpResponse.BodyHandlers.ofLines());
        var follower = CompletableFuture.runAsync(() -> {
            try {
                events.join().body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closed) {
                // the server closes the connection after the last event
            }
        });
        Thread.sleep(300);

        String readyz = s.url("/readyz");
        String jobs = s.url("/v1/images/jobs");
        // the stream of the running job keeps the server in its grace period
        var closing = CompletableFuture.runAsync(s::close);
        Thread.sleep(200);
        assertThat(s.bytes(readyz).statusCode()).isEqualTo(503);
        var refused = s.send(HttpRequest.newBuilder(URI.create(jobs)).header("Authorization", "Bearer " + s.key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"late\", " + TestServer.SMALL + "}")));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(TestServer.json(refused).path("error").path("code").asText()).isEqualTo("shutting_down");

        closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        follower.get(10, java.util.concurrent.TimeUnit.SECONDS);
        List<String> names = lines.stream().filter(l -> l.startsWith("event: ")).toList();
        assertThat(names).first().isEqualTo("event: job.status");
        assertThat(names).last().isEqualTo("event: error");
        assertThat(String.join("\n", lines)).contains("shutting_down");

        try (var again = s.restart(c -> c.withWorkers(new dev.atelier.server.jobs.WorkerOptions(0, 1_500, 8, 3, 100)))) {
            var job = TestServer.json(again.get("/v1/images/jobs/" + id));
            assertThat(job.path("status").asText()).isEqualTo("queued");
            assertThat(job.path("attempts").asInt()).isZero();
        }
    }

    @Test
    void aSynchronousCallStillWaitingAfterTheGracePeriodIsCutOffWith503AndItsRetryGetsTheSameJob() throws Exception {
        var s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c.withShutdownGrace(Duration.ofMillis(300)));
        String body = "{\"prompt\": \"a long wait\", \"model\": \"tiny-sd\", \"size\": \"256x256\", \"steps\": 100, \"n\": 8}";
        java.util.function.Function<TestServer, HttpRequest.Builder> call = server -> HttpRequest.newBuilder(
                URI.create(server.url("/v1/images/generations"))).header("Authorization", "Bearer " + s.key)
                .header("Content-Type", "application/json").header("Idempotency-Key", "cut-off-1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        var waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return s.send(call.apply(s));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        String id = awaitQueued(s, "cut-off-1");
        s.awaitRunning(id);
        long t0 = System.nanoTime();
        s.close();
        var cut = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        double closedIn = (System.nanoTime() - t0) / 1e9;
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(503);
        assertThat(TestServer.json(cut).path("error").path("code").asText()).isEqualTo("shutting_down");
        assertThat(cut.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(closedIn).as("the stop does not wait for the job (8 images of 100 steps)").isLessThan(20);

        try (var again = s.restart(c -> c)) {
            var retry = again.send(call.apply(again));
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            assertThat(TestServer.json(retry).path("data")).hasSize(8);
            var job = TestServer.json(again.get("/v1/images/jobs/" + id));
            assertThat(job.path("status").asText()).as("the retry waited for the job the cut-off call queued").isEqualTo("succeeded");
        }
    }

    /** The id of the job queued with this {@code Idempotency-Key}, once the server has queued it. */
    private static String awaitQueued(TestServer s, String idempotencyKey) throws Exception {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        try (var db = dev.atelier.server.store.Database.open(s.config.jdbcUrl())) {
            String id = null;
            while (id == null && System.nanoTime() < end) {
                Thread.sleep(20);
                id = db.withConnection(c -> {
                    try (var st = c.prepareStatement("SELECT id FROM jobs WHERE idempotency_key = ?")) {
                        st.setString(1, idempotencyKey);
                        try (var rs = st.executeQuery()) {
                            return rs.next() ? rs.getString(1) : null;
                        }
                    }
                });
            }
            if (id == null) throw new AssertionError("no job with Idempotency-Key " + idempotencyKey + " was queued");
            return id;
        }
    }
}
