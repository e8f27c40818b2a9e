package dev.atelier.server.service;

import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.jobs.WorkerPool;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.keys.RateLimiter;
import dev.atelier.server.keys.UsageStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of new work, in this order: a request larger than the key's per-minute or daily limit can never be
 * served (400), the queue has room (else 503), the key's per-minute images (else 429),
 * its daily quota (else 429), then the job is queued and a local worker woken. Also bounds concurrent streams per key.
 */
public final class Submissions {
    private final JobQueue queue;
    private final RateLimiter rates;
    private final UsageStore usage;
    private final WorkerPool workers;
    private final int maxQueue;
    private final int maxStreamsPerKey;
    private final int maxAttempts;
    private final ConcurrentHashMap<String, AtomicInteger> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Submissions(JobQueue queue, RateLimiter rates, UsageStore usage, WorkerPool workers, int maxQueue,
                       int maxStreamsPerKey, int maxAttempts) {
        this.queue = queue;
        this.rates = rates;
        this.usage = usage;
        this.workers = workers;
        this.maxQueue = maxQueue;
        this.maxStreamsPerKey = maxStreamsPerKey;
        this.maxAttempts = maxAttempts;
    }

    /** Refuses new work from now on (the server is stopping). */
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    /** Queues {@code spec} for {@code key}, or returns the earlier job with the same idempotency key. */
    public JobQueue.Submitted submit(ApiKey key, JobSpec spec, String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            throw ApiException.invalid("the Idempotency-Key header must be at most 200 characters", "Idempotency-Key");
        }
        neverFits(key, spec.n());
        if (closed) throw new ApiException(new ApiError.Unavailable("the server is shutting down; retry shortly", "shutting_down", 5));
        int depth = queue.depth();
        if (depth >= maxQueue) {
            throw new ApiException(new ApiError.Unavailable("the queue is full (" + depth + " jobs waiting); retry shortly",
                    "queue_full", 2));
        }
        long now = System.currentTimeMillis();
        long wait = rates.tryAcquire(key, spec.n(), now);
        if (wait > 0) {
            throw new ApiException(new ApiError.RateLimited("Rate limit reached: this key may generate " + key.ratePerMinute()
                    + " images per minute. Retry after " + wait + " s.", wait));
        }
        if (!usage.reserve(key, spec.user(), spec.n(), now)) {
            rates.release(key, spec.n());
            throw new ApiException(new ApiError.QuotaExceeded("You exceeded this key's daily quota of " + key.dailyQuota()
                    + " images; it resets at midnight UTC.", UsageStore.secondsToReset(now)));
        }
        JobQueue.Submitted s;
        try {
            s = queue.submit(key.id(), idempotencyKey, spec, maxAttempts);
        } catch (RuntimeException e) {
            usage.refund(key.id(), spec.user(), spec.n(), now);
            rates.release(key, spec.n());
            throw e;
        }
        if (!s.created()) {
            usage.refund(key.id(), spec.user(), spec.n(), now);
            rates.release(key, spec.n());
        }
        workers.wake();
        return s;
    }

    // a 429 would carry a Retry-After that never comes true: waiting cannot make n fit a limit smaller than n
    private static void neverFits(ApiKey key, int n) {
        if (n > key.ratePerMinute()) {
            throw ApiException.invalid("n = " + n + " can never be served: this key may generate " + key.ratePerMinute()
                    + " images per minute; ask for at most " + key.ratePerMinute() + " images per request.", "n");
        }
        if (n > key.dailyQuota()) {
            throw ApiException.invalid("n = " + n + " can never be served: this key's daily quota is " + key.dailyQuota()
                    + " images; ask for at most " + key.dailyQuota() + " images per request.", "n");
        }
    }

    /** Takes one of the key's stream slots, or refuses with 429; give it back with {@link #endStream}. */
    public void beginStream(ApiKey key) {
        AtomicInteger n = streams.computeIfAbsent(key.id(), k -> new AtomicInteger());
        if (n.incrementAndGet() > maxStreamsPerKey) {
            n.decrementAndGet();
            throw new ApiException(new ApiError.RateLimited("Too many concurrent streams for this key (limit "
                    + maxStreamsPerKey + ").", 1));
        }
    }

    public void endStream(ApiKey key) {
        AtomicInteger n = streams.get(key.id());
        if (n != null) n.decrementAndGet();
    }

    /** Cancels a job; see {@link JobQueue#cancel}. */
    public java.util.Optional<Job> cancel(ApiKey key, String jobId) {
        var job = queue.cancel(jobId, key.id());
        job.ifPresent(j -> workers.cancelLocal(j.id()));
        return job;
    }
}
