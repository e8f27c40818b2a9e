package dev.atelier.server.jobs;

/** What a worker tells the processes' listeners about a job while it runs. */
public sealed interface JobEvent permits JobEvent.Progress, JobEvent.Partial, JobEvent.Finished {
    String jobId();

    /** A denoising step finished. */
    record Progress(String jobId, int step, int totalSteps) implements JobEvent {
    }

    /**
     * A preview of image {@code imageIndex} of the job.
     *
     * @param partialIndex 0-based count of previews of this image so far
     * @param bytes        encoded in the job's output format
     */
    record Partial(String jobId, int imageIndex, int partialIndex, byte[] bytes) implements JobEvent {
    }

    /** The job reached a terminal state, or went back to the queue ({@code state} queued). */
    record Finished(String jobId, JobState state) implements JobEvent {
    }
}
