package dev.atelier.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.TestServer;
import dev.atelier.server.jobs.WorkerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --workers 0}: the API of a scaled-out deployment, which lists and queues but opens no model. */
class ApiOnlyNodeTest {
    @TempDir
    Path dir;

    @Test
    void aNodeWithoutWorkersListsModelsAndQueuesJobsWithoutOpeningAModelAndShowsTheBacklog() throws Exception {
        try (var s = TestServer.start(dir, TestDatabases.fresh("sqlite", dir), c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100)))) {
            var models = s.get("/v1/models");
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(models).path("data").findValuesAsText("id")).contains("tiny-sd");
            assertThat(s.get("/v1/models/tiny-sd").statusCode()).isEqualTo(200);
            var job = s.post("/v1/images/jobs", "{\"prompt\": \"a fox\", " + TestServer.SMALL + "}");
            assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
            assertThat(TestServer.json(s.get("/v1/images/jobs/" + TestServer.json(job).path("id").asText())).path("status").asText())
                    .isEqualTo("queued");

            assertThat(s.server.backend().models().opened()).isEmpty();

            String metrics = s.get("/metrics").body();
            assertThat(metrics).contains("atelier_queue_depth 1.0").contains("atelier_worker_busy 0.0").contains("atelier_workers 0.0");
            double oldest = metrics.lines().filter(l -> l.startsWith("atelier_queue_oldest_age_seconds "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
            assertThat(oldest).as("the queued job has been waiting").isPositive();
        }
    }
}
