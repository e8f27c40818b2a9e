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
}
