package dev.atelier.server.jobs;

/**
 * How workers run.
 *
 * @param workers         generation threads in this process (0: none, the process only serves the API)
 * @param leaseMillis     how long a claim lasts without a heartbeat, by the database's clock; any process's reaper
 *                        looks for expired leases every quarter of it, so a job whose worker died is back in the
 *                        queue within about 1.25 leases
 * @param heartbeatMillis time between lease renewals: at most half the lease, so that one late or failed heartbeat
 *                        does not lose the job
 * @param maxBatchImages  most images one denoiser batch makes when batching compatible jobs ({@code --batch-max}; 1:
 *                        every job alone)
 * @param maxAttempts     claims a job gets before it fails (a worker that dies mid-job costs one)
 * @param pollMillis      how often an idle worker looks for jobs submitted by other processes
 * @param batchWaitMillis how long a worker that claimed a batchable job waits for compatible ones to fill its batch
 *                        ({@code --batch-wait-ms}; 0: it takes what is queued at once)
 */
public record WorkerOptions(int workers, long leaseMillis, long heartbeatMillis, int maxBatchImages, int maxAttempts,
                            long pollMillis, long batchWaitMillis) {
    /** Default lease: a dead worker's job is queued again within about 12.5 s. */
    public static final long DEFAULT_LEASE_MILLIS = 10_000;

    public WorkerOptions {
        if (workers < 0 || workers > 256) throw new IllegalArgumentException("workers must be in 0..256, got " + workers);
        if (leaseMillis < 300) throw new IllegalArgumentException("lease must be at least 300 ms, got " + leaseMillis);
        if (heartbeatMillis < 50 || heartbeatMillis * 2 > leaseMillis) {
            throw new IllegalArgumentException("heartbeat must be between 50 ms and half the lease (" + leaseMillis / 2
                    + " ms), got " + heartbeatMillis + " ms");
        }
        if (maxBatchImages < 1) throw new IllegalArgumentException("max batch images must be ≥ 1, got " + maxBatchImages);
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be ≥ 1, got " + maxAttempts);
        if (pollMillis < 10) throw new IllegalArgumentException("poll interval must be at least 10 ms, got " + pollMillis);
        if (batchWaitMillis < 0 || batchWaitMillis > 10_000) {
            throw new IllegalArgumentException("batch wait must be in 0..10000 ms, got " + batchWaitMillis);
        }
    }

    /** Default wait for compatible jobs to fill a batch. */
    public static final long DEFAULT_BATCH_WAIT_MILLIS = 20;
    /** Default most images in one denoiser batch. */
    public static final int DEFAULT_BATCH_MAX = 4;

    /** Options with the default batch wait. */
    public WorkerOptions(int workers, long leaseMillis, long heartbeatMillis, int maxBatchImages, int maxAttempts,
                         long pollMillis) {
        this(workers, leaseMillis, heartbeatMillis, maxBatchImages, maxAttempts, pollMillis, DEFAULT_BATCH_WAIT_MILLIS);
    }

    /** Options whose heartbeat comes every quarter lease. */
    public WorkerOptions(int workers, long leaseMillis, int maxBatchImages, int maxAttempts, long pollMillis) {
        this(workers, leaseMillis, leaseMillis / 4, maxBatchImages, maxAttempts, pollMillis);
    }

    /**
     * One worker per four cores (each runs ONNX Runtime on several threads), 10 s leases (a heartbeat every 2.5 s),
     * batches of up to {@value #DEFAULT_BATCH_MAX} images gathered for up to {@value #DEFAULT_BATCH_WAIT_MILLIS} ms.
     */
    public static WorkerOptions defaults() {
        return new WorkerOptions(Math.max(1, Runtime.getRuntime().availableProcessors() / 4), DEFAULT_LEASE_MILLIS,
                DEFAULT_LEASE_MILLIS / 4, DEFAULT_BATCH_MAX, 3, 500, DEFAULT_BATCH_WAIT_MILLIS);
    }

    /** Time between looks for expired leases. */
    public long reapMillis() {
        return Math.max(100, leaseMillis / 4);
    }

    public WorkerOptions withWorkers(int n) {
        return new WorkerOptions(n, leaseMillis, heartbeatMillis, maxBatchImages, maxAttempts, pollMillis, batchWaitMillis);
    }

    /** The lease, with the heartbeat every quarter of it. */
    public WorkerOptions withLease(long millis) {
        return new WorkerOptions(workers, millis, millis / 4, maxBatchImages, maxAttempts, pollMillis, batchWaitMillis);
    }

    public WorkerOptions withLease(long millis, long heartbeat) {
        return new WorkerOptions(workers, millis, heartbeat, maxBatchImages, maxAttempts, pollMillis, batchWaitMillis);
    }

    /** Batches of up to {@code maxImages} images, gathered for up to {@code waitMillis}. */
    public WorkerOptions withBatching(int maxImages, long waitMillis) {
        return new WorkerOptions(workers, leaseMillis, heartbeatMillis, maxImages, maxAttempts, pollMillis, waitMillis);
    }
}
