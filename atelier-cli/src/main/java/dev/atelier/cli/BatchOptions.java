package dev.atelier.cli;

import dev.atelier.server.ServerConfig;
import dev.atelier.server.jobs.WorkerOptions;
import picocli.CommandLine.Option;

/**
 * How workers batch compatible jobs (same model, size, steps, scheduler, guidance on or off) into one denoiser batch:
 * shared by {@code serve} and {@code worker}.
 */
final class BatchOptions {
    @Option(names = "--batch-max", paramLabel = "IMAGES", description = "Most images one denoiser batch makes from "
            + "compatible jobs; 1 runs every job alone (default: " + WorkerOptions.DEFAULT_BATCH_MAX + ").")
    Integer batchMax;

    @Option(names = "--batch-wait-ms", paramLabel = "MS", description = "How long a worker that claimed a job waits for "
            + "compatible jobs to fill its batch; 0 takes only what is queued (default: "
            + WorkerOptions.DEFAULT_BATCH_WAIT_MILLIS + ").")
    Long batchWaitMs;

    /** {@code c} with the batching asked for; a bad value is an error naming its option and the range. */
    ServerConfig apply(ServerConfig c) {
        if (batchMax == null && batchWaitMs == null) return c;
        if (batchMax != null && (batchMax < 1 || batchMax > 64)) {
            throw new IllegalArgumentException("--batch-max must be in 1..64 images, got " + batchMax);
        }
        if (batchWaitMs != null && (batchWaitMs < 0 || batchWaitMs > 10_000)) {
            throw new IllegalArgumentException("--batch-wait-ms must be in 0..10000, got " + batchWaitMs);
        }
        WorkerOptions w = c.workers();
        return c.withWorkers(w.withBatching(batchMax != null ? batchMax : w.maxBatchImages(),
                batchWaitMs != null ? batchWaitMs : w.batchWaitMillis()));
    }
}
