package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.ServerConfig;
import dev.atelier.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safeguards {@code serve} opens: an API-only node ({@code --workers 0}) checks prompts but opens no image classifier. */
class ApiOnlySafetyTest {
    @TempDir
    Path dir;

    String imageCheck(int workers) {
        var server = ServerConfig.defaults(dir.resolve("data"), dir.resolve("models"));
        server = server.withWorkers(server.workers().withWorkers(workers));
        try (var db = Database.open("jdbc:sqlite:" + dir.resolve("atelier-" + workers + ".db"))) {
            return new SafetyOptions().setup(server).open(db, new SimpleMeterRegistry()).safeguards().image().describe();
        }
    }

    @Test
    void aNodeWithoutWorkersOpensNoImageClassifierAndAWorkerDoes() {
        assertThat(imageCheck(0)).contains("image classifier: off").contains("watermark: on");
        assertThat(imageCheck(1)).contains("image classifier: nsfwjs");
    }
}
