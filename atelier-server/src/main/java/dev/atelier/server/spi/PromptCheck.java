package dev.atelier.server.spi;

/**
 * A check of what a job will draw, run by the generation service before the job is queued (moderation fills it;
 * none by default). Chosen once at start-up and logged.
 */
public interface PromptCheck {
    /** Lets every prompt through. */
    PromptCheck NONE = new PromptCheck() {
        @Override
        public String describe() {
            return "none";
        }

        @Override
        public void check(String model, String prompt, String negativePrompt, String caller) {
        }
    };

    /** Short description for the start-up log. */
    String describe();

    /**
     * Returns when a job of {@code model} for {@code prompt} may run for {@code caller} ({@code key_...} or
     * {@code studio}).
     *
     * @throws Refused when it may not; the client gets a 400 with the refusal's code and message
     */
    void check(String model, String prompt, String negativePrompt, String caller);

    /** A refused prompt: {@code code} for clients ({@code moderation_blocked}), a message that says why. */
    final class Refused extends RuntimeException {
        private final String code;

        public Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
