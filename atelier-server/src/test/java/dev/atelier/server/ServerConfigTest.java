package dev.atelier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.request.RequestLimits;
import dev.atelier.server.jobs.JobSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static final ServerConfig DEFAULTS = ServerConfig.defaults(Path.of("data"), Path.of("models"));

    private static ServerConfig withLimits(RequestLimits limits) {
        ServerConfig d = DEFAULTS;
        return new ServerConfig(d.host(), d.port(), d.databaseUrl(), d.dataDir(), d.modelsDir(), d.defaultModel(),
                d.pipelineThreads(), d.workers(), d.maxQueue(), d.maxBodyBytes(), limits, d.maxStreamsPerKey(), d.urlTtl(),
                d.syncTimeout(), d.shutdownGrace(), d.publicUrl(), d.http(), d.blobStore());
    }

    @Test
    void moreImagesPerRequestThanAJobHoldsIsRefusedAtStartUp() {
        // else such a request would pass the resolver and fail building its job: a 500 instead of a 400
        assertThatThrownBy(() -> withLimits(new RequestLimits(4000, 1024, 100, JobSpec.MAX_IMAGES + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("images per request must be at most 10 (a job's limit), got 11");
        assertThat(withLimits(new RequestLimits(4000, 1024, 100, JobSpec.MAX_IMAGES)).limits().maxCount()).isEqualTo(10);
    }
}
