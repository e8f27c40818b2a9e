package dev.atelier.server.jobs;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows one job: its events as they happen (from any process, where the event bus reaches them), and the database
 * every poll interval (long where the bus is shared, see {@link JobEvents#pollMillis}), so that a job re-queued by
 * the reaper, or ended while the bus was cut off, is followed too. A {@code Finished} event makes it re-read the job
 * at once: the queue, not the event, says how the job ended.
 */
public final class JobWaiter implements AutoCloseable {
    private final JobQueue queue;
    private final String jobId;
    private final LinkedBlockingQueue<JobEvent> inbox = new LinkedBlockingQueue<>();
    private final AutoCloseable subscription;
    private final long pollMillis;

    public JobWaiter(JobQueue queue, JobEvents events, String jobId, long pollMillis) {
        this.queue = queue;
        this.jobId = jobId;
        this.pollMillis = events.pollMillis(pollMillis);
        this.subscription = events.subscribe(jobId, inbox::add);
    }

    /**
     * Waits until the job ends or {@code timeout} passes, handing each event to {@code onEvent} on this thread.
     *
     * @return the job in its final state, or empty on timeout
     */
    public Optional<Job> await(Duration timeout, Consumer<JobEvent> onEvent) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextPoll = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= nextPoll) {
                Job job = queue.get(jobId).orElseThrow();
                if (job.state().terminal()) return Optional.of(job);
                nextPoll = now + pollMillis * 1_000_000;
            }
            if (now >= deadline) return Optional.empty();
            JobEvent e = inbox.poll(Math.min(nextPoll, deadline) - now, TimeUnit.NANOSECONDS);
            while (e != null) {
                if (e instanceof JobEvent.Finished) nextPoll = 0;
                onEvent.accept(e);
                e = inbox.poll();
            }
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // unsubscribing cannot fail
        }
    }
}
