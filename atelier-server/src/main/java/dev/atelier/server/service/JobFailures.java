package dev.atelier.server.service;

import dev.atelier.server.jobs.Job;

/** The one mapping from a failed job to the error its waiting request answers, for every API that waits on jobs. */
public final class JobFailures {
    private JobFailures() {
    }

    /**
     * The error for {@code job}, which failed: its request was invalid once run (400), its image was withheld by the
     * image check (400 {@code image_withheld}), or the server failed (500 naming the job's error).
     */
    public static ApiError error(Job job) {
        return switch (String.valueOf(job.errorCode())) {
            case "invalid_request" -> new ApiError.InvalidRequest(job.errorMessage(), null);
            case "image_withheld" -> new ApiError.ContentFiltered(job.errorMessage(), "image_withheld", job.errorFilter());
            default -> new ApiError.ServerError("generation failed: " + job.errorMessage(), job.errorCode());
        };
    }
}
