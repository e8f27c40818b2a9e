package dev.atelier.server.spi;

import dev.atelier.server.jobs.JobSpec;

/**
 * A check of what a job will draw, run by the generation service before the job is queued (moderation fills it;
 * none by default). A refusal is thrown as the API error the client should see. Chosen once at start-up and logged.
 */
public interface PromptCheck {
    /** Lets every prompt through. */
    PromptCheck NONE = new PromptCheck() {
        @Override
        public String describe() {
            return "none";
        }

        @Override
        public void check(JobSpec spec, String caller) {
        }
    };

    /** Short description for the start-up log. */
    String describe();

    /**
     * Checks {@code spec} for {@code caller} ({@code key_...} or {@code studio}); returns when it may run.
     *
     * @throws RuntimeException the refusal (an {@code ApiException} with a 4xx error)
     */
    void check(JobSpec spec, String caller);
}
