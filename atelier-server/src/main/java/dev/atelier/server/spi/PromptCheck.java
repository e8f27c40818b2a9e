package dev.atelier.server.spi;

import dev.atelier.safety.moderation.FilterResults;

/**
 * A check of what a job will draw, run by the generation service before the job is queued (moderation fills it;
 * none by default). Chosen once at start-up and logged.
 */
public interface PromptCheck {
    /** Lets every prompt through, at the level asked for. */
    PromptCheck NONE = new PromptCheck() {
        @Override
        public String describe() {
            return "none";
        }

        @Override
        public Passed check(Input in) {
            return new Passed(in.moderation(), null);
        }
    };

    /** Short description for the start-up log. */
    String describe();

    /**
     * Returns when a job of {@code in.model()} for {@code in.prompt()} may run for its caller.
     *
     * @throws Refused when it may not; the client gets a 400 with the refusal's code, message and filter results
     */
    Passed check(Input in);

    /**
     * What is checked.
     *
     * @param caller     {@code key_...}, or {@code studio} for the studio and the arena
     * @param tier       the caller's tier ({@code free}, {@code preview}, {@code partner}; {@code studio})
     * @param moderation the level asked for: {@code auto} or {@code low}
     */
    record Input(String model, String prompt, String negativePrompt, String caller, String tier, String moderation) {
        public Input {
            if (!"auto".equals(moderation) && !"low".equals(moderation)) {
                throw new IllegalArgumentException("moderation must be auto or low, got " + moderation);
            }
        }
    }

    /**
     * A prompt that may run.
     *
     * @param moderation the level that applies: {@code low} only where the caller's tier may ask for it
     * @param results    the filter's results (reported on the Azure route), or null when nothing was rated
     */
    record Passed(String moderation, FilterResults results) {
    }

    /** A refused prompt: {@code code} for clients ({@code moderation_blocked}), a message that says why, and the results. */
    final class Refused extends RuntimeException {
        private final String code;
        private final FilterResults results;

        public Refused(String code, String message, FilterResults results) {
            super(message, null, false, false);
            this.code = code;
            this.results = results;
        }

        public String code() {
            return code;
        }

        public FilterResults results() {
            return results;
        }
    }
}
