package dev.atelier.server.service;

import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobEvent;
import dev.atelier.server.jobs.JobEvents;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobWaiter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A submitted job's outcome, for callers that answer once it ends (the Images API's synchronous calls, the MCP tools):
 * waits up to the synchronous timeout and turns anything but success into the matching API error ({@link JobFailures}).
 */
public final class Outcomes {
    private final JobQueue queue;
    private final JobEvents events;
    private final Duration timeout;

    public Outcomes(JobQueue queue, JobEvents events, Duration timeout) {
        this.queue = queue;
        this.events = events;
        this.timeout = timeout;
    }

    /** Waits for the job, handing its events to {@code onEvent}; its images once it succeeded, else an {@link ApiException}. */
    public Job await(Job submitted, Consumer<JobEvent> onEvent) {
        Optional<Job> done;
        try (var waiter = new JobWaiter(queue, events, submitted.id(), 1000)) {
            done = waiter.await(timeout, onEvent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(new ApiError.Unavailable("the server is shutting down", "shutting_down", 5));
        }
        if (done.isEmpty()) {
            throw new ApiException(new ApiError.Unavailable("the image was not ready within " + timeout.toSeconds()
                    + " s; it is still queued as job " + submitted.id() + " (GET /v1/images/jobs/" + submitted.id() + ")",
                    "timeout", 5));
        }
        Job job = done.get();
        return switch (job.state()) {
            case SUCCEEDED -> job;
            case FAILED -> throw new ApiException(JobFailures.error(job));
            case CANCELLED -> throw new ApiException(new ApiError.Unavailable("the job was cancelled", "job_cancelled", 0));
            case QUEUED, RUNNING -> throw new IllegalStateException("not finished: " + job.id());
        };
    }
}
