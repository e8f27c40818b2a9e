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
    void aNodeWithoutWorkersListsModelsAndQueuesJobsWithoutOpeningAModel() throws Exception {
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
        }
    }
}
