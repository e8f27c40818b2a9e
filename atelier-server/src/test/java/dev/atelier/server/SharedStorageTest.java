package dev.atelier.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.jobs.WorkerOptions;
import dev.atelier.server.spi.BlobStoreChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database, as {@code serve --workers 0} and {@code atelier worker} on two machines: no
 * folder in common, so the images must be where both reach them.
 */
class SharedStorageTest {
    @TempDir
    Path apiDir;
    @TempDir
    Path workerDir;

    @Test
    void anImageMadeByAWorkerWithAnotherDataFolderIsServedByTheApiNode() throws Exception {
        String db = TestDatabases.fresh("postgresql", apiDir);
        try (var api = TestServer.start(apiDir, db, c -> c.withWorkers(new WorkerOptions(0, 1_500, 8, 3, 100)));
             var worker = Backend.open(TestServer.config(workerDir, db))) {
            assertThat(api.config.blobStoreChoice()).as("PostgreSQL's default").isEqualTo(new BlobStoreChoice.InDatabase());
            worker.workers().start();

            String id = TestServer.json(api.post("/v1/images/jobs", "{\"prompt\": \"a lighthouse\", \"response_format\": \"url\", "
                    + TestServer.SMALL + "}")).path("id").asText();
            JsonNode done = api.awaitJob(id, Duration.ofSeconds(60));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            var image = api.bytes(done.path("result").path("data").get(0).path("url").asText());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(PngCheck.decode(image.body()).getWidth()).isEqualTo(64);

            var sync = api.post("/v1/images/generations", "{\"prompt\": \"a harbour\", " + TestServer.SMALL + "}");
            assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
            byte[] png = Base64.getDecoder().decode(TestServer.json(sync).path("data").get(0).path("b64_json").asText());
            assertThat(PngCheck.decode(png).getWidth()).isEqualTo(64);
            assertThat(workerDir.resolve("data/images")).doesNotExist();
        }
    }
}
