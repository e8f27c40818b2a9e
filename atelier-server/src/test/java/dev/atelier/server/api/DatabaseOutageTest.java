package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the database is down the server answers at once, within the pool's connection timeout: 503 with
 * {@code Retry-After} rather than a hang and a 500, and {@code /readyz} says not ready. PostgreSQL of its own, as the
 * test stops it.
 */
class DatabaseOutageTest {
    // well under the 30 s a request hung for before, and over the 3 s pool timeout plus a loaded machine's slack
    static final Duration ANSWERED_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    static HttpResponse<String> send(TestServer s, HttpRequest.Builder b) throws Exception {
        return s.send(b.timeout(ANSWERED_WITHIN));
    }

    @Test
    void requestsGet503WithRetryAfterAndReadinessFailsWhileTheDatabaseIsDown() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        try (var s = TestServer.start(dir, pg.getJdbcUrl("postgres", "postgres"), c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100)))) {
            assertThat(s.get("/readyz").statusCode()).isEqualTo(200);
            pg.close();

            var submit = send(s, HttpRequest.newBuilder(URI.create(s.url("/v1/images/jobs"))).header("Authorization", "Bearer " + s.key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"a fox\", " + TestServer.SMALL + "}")));
            assertThat(submit.statusCode()).as(submit.body()).isEqualTo(503);
            assertThat(TestServer.json(submit).path("error").path("code").asText()).isEqualTo("database_unavailable");
            assertThat(submit.headers().firstValue("Retry-After")).hasValue("5");

            var ready = send(s, HttpRequest.newBuilder(URI.create(s.url("/readyz"))).GET());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(TestServer.json(ready).path("database").asBoolean()).isFalse();
            assertThat(send(s, HttpRequest.newBuilder(URI.create(s.url("/healthz"))).GET()).statusCode())
                    .as("the process itself is alive").isEqualTo(200);
        } finally {
            pg.close();
        }
    }
}
