package dev.atelier.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The asynchronous job lifecycle on a real socket, on SQLite and on PostgreSQL. */
class JobLifecycleTest {
    @TempDir
    Path dir;

    static final String LONG = "\"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 100";

    static String submit(TestServer s, String body) throws Exception {
        HttpResponse<String> r = s.post("/v1/images/jobs", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = TestServer.json(r).path("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/v1/images/jobs/" + id);
        return id;
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void submitPollSucceedAndIdempotentRetry(String db) throws Exception {
        try (var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c)) {
            var req = HttpRequest.newBuilder(URI.create(s.url("/v1/images/jobs"))).header("Authorization", "Bearer " + s.key)
                    .header("Idempotency-Key", "order-42")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a fox\", \"n\": 2, \"response_format\": \"url\", " + TestServer.SMALL + "}"));
            var first = s.send(req);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            String id = TestServer.json(first).path("id").asText();
            assertThat(TestServer.json(first).path("status").asText()).isIn("queued", "running");

            JsonNode done = s.awaitJob(id, Duration.ofSeconds(60));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            assertThat(done.path("progress").path("step").asInt()).isEqualTo(done.path("progress").path("total_steps").asInt());
            assertThat(done.path("result").path("data")).hasSize(2);
            String url = done.path("result").path("data").get(0).path("url").asText();
            assertThat(s.bytes(url).statusCode()).isEqualTo(200);

            var again = s.send(req);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(again).path("id").asText()).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void cancelStopsQueuedAndRunningJobs(String db) throws Exception {
        try (var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c)) {
            String running = submit(s, "{\"prompt\": \"long\", " + LONG + "}");
            // other steps: it cannot join the running job's batch, so it waits in the queue
            String queued = submit(s, "{\"prompt\": \"next\", \"seed\": 1, " + LONG.replace("100", "99") + "}");
            s.awaitRunning(running);
            JsonNode q = TestServer.json(s.get("/v1/images/jobs/" + queued));
            assertThat(q.path("status").asText()).isEqualTo("queued");
            assertThat(q.path("queue_position").asInt()).isEqualTo(1);

            assertThat(TestServer.json(s.delete("/v1/images/jobs/" + queued)).path("status").asText()).isEqualTo("cancelled");
            s.delete("/v1/images/jobs/" + running);
            assertThat(s.awaitJob(running, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("cancelled");
            assertThat(s.awaitJob(queued, Duration.ofSeconds(5)).path("status").asText()).isEqualTo("cancelled");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void jobsInFlightWhenTheServerCrashesFinishAfterARestart(String db) throws Exception {
        var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c);
        String running = submit(s, "{\"prompt\": \"crash\", \"steps\": 60, \"model\": \"tiny-sd\", \"size\": \"64x64\"}");
        String queued = submit(s, "{\"prompt\": \"waiting\", \"seed\": 3, " + TestServer.SMALL + "}");
        s.awaitRunning(running);
        s.server.crash();

        try (var again = s.restart(c -> c)) {
            JsonNode a = again.awaitJob(running, Duration.ofSeconds(90));
            assertThat(a.path("status").asText()).isEqualTo("succeeded");
            assertThat(a.path("attempts").asInt()).isEqualTo(2);
            assertThat(again.awaitJob(queued, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void aDeadWorkersJobIsTakenOverWithinAboutALease(String db) throws Exception {
        long lease = 3_000;
        var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c.withWorkers(c.workers().withLease(lease)));
        String running = submit(s, "{\"prompt\": \"crash\", " + LONG + "}");
        s.awaitRunning(running);
        s.server.crash();
        long crashed = System.nanoTime();

        try (var again = s.restart(c -> c)) {
            // back in the queue and claimed by the new worker: attempt 2, no longer held by the dead one
            while (TestServer.json(again.get("/v1/images/jobs/" + running)).path("attempts").asInt() < 2) {
                assertThat(Duration.ofNanos(System.nanoTime() - crashed)).as("job still held by the dead worker")
                        .isLessThan(Duration.ofMillis(lease * 2 + 2_000));
                Thread.sleep(50);
            }
            assertThat(again.awaitJob(running, Duration.ofSeconds(90)).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void heartbeatsKeepALeaseThroughModelLoadingAndLongRuns(String db) throws Exception {
        // a lease far shorter than opening a model no one has used yet plus 100 steps: only heartbeats keep the job
        // with its worker (the default model is opened at start; this copy of it is opened by the job)
        java.nio.file.Files.createDirectories(dir.resolve("models"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("models/tiny-cold"), TestServer.fixture());
        try (var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c.withWorkers(c.workers().withLease(300)))) {
            String first = submit(s, "{\"prompt\": \"first\", " + LONG.replace("tiny-sd", "tiny-cold") + "}");
            JsonNode done = s.awaitJob(first, Duration.ofSeconds(90));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            assertThat(done.path("attempts").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void gracefulShutdownRequeuesRunningJobsWithoutCountingTheAttempt(String db) throws Exception {
        var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c.withShutdownGrace(Duration.ZERO));
        String running = submit(s, "{\"prompt\": \"stop\", \"steps\": 60, \"model\": \"tiny-sd\", \"size\": \"64x64\"}");
        s.awaitRunning(running);
        s.close();

        try (var again = s.restart(c -> c)) {
            JsonNode a = again.awaitJob(running, Duration.ofSeconds(90));
            assertThat(a.path("status").asText()).isEqualTo("succeeded");
            assertThat(a.path("attempts").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.atelier.server.TestDatabases#kinds")
    void eventStreamReportsProgressThenTheResult(String db) throws Exception {
        try (var s = TestServer.start(dir, TestDatabases.fresh(db, dir), c -> c)) {
            String id = submit(s, "{\"prompt\": \"stream\", \"model\": \"tiny-sd\", \"size\": \"64x64\", \"steps\": 4}");
            var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.url("/v1/images/jobs/" + id + "/events")))
                    .header("Authorization", "Bearer " + s.key).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            var names = new ArrayList<String>();
            r.body().filter(l -> l.startsWith("event: ")).forEach(l -> names.add(l.substring(7)));
            assertThat(names.getFirst()).isEqualTo("job.status");
            assertThat(names.getLast()).isEqualTo("job.succeeded");
        }
    }
}
