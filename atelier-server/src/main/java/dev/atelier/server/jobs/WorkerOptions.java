package dev.atelier.server.jobs;

/**
 * How workers run.
 *
 * @param workers         generation threads in this process (0: none, the process only serves the API)
 * @param leaseMillis     how long a claim lasts without a heartbeat; heartbeats come every third of it, and any
 *                        process's reaper looks for expired leases every quarter of it, so a job whose worker died
 *                        is back in the queue within about 1.25 leases
 * @param maxBatchImages  most images one engine call makes when batching compatible jobs
 * @param maxAttempts     claims a job gets before it fails (a worker that dies mid-job costs one)
 * @param pollMillis      how often an idle worker looks for jobs submitted by other processes
 */
public record WorkerOptions(int workers, long leaseMillis, int maxBatchImages, int maxAttempts, long pollMillis) {
    public WorkerOptions {
        if (workers < 0 || workers > 256) throw new IllegalArgumentException("workers must be in 0..256, got " + workers);
        if (leaseMillis < 300) throw new IllegalArgumentException("lease must be at least 300 ms, got " + leaseMillis);
        if (maxBatchImages < 1) throw new IllegalArgumentException("max batch images must be ≥ 1, got " + maxBatchImages);
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be ≥ 1, got " + maxAttempts);
        if (pollMillis < 10) throw new IllegalArgumentException("poll interval must be at least 10 ms, got " + pollMillis);
    }

    /**
     * One worker per four cores (each runs ONNX Runtime on several threads), 5 s leases (a heartbeat every 1.7 s),
     * batches of up to 8 images.
     */
    public static WorkerOptions defaults() {
        return new WorkerOptions(Math.max(1, Runtime.getRuntime().availableProcessors() / 4), 5_000, 8, 3, 500);
    }

    /** Time between heartbeats: a third of the lease, so that two may fail before it expires. */
    public long heartbeatMillis() {
        return leaseMillis / 3;
    }

    /** Time between looks for expired leases. */
    public long reapMillis() {
        return Math.max(100, leaseMillis / 4);
    }

    public WorkerOptions withWorkers(int n) {
        return new WorkerOptions(n, leaseMillis, maxBatchImages, maxAttempts, pollMillis);
    }

    public WorkerOptions withLease(long millis) {
        return new WorkerOptions(workers, millis, maxBatchImages, maxAttempts, pollMillis);
    }
}
