package dev.atelier.engine.pipeline;

/** What became of one request of a batch: its result, its cancellation, or its own failure. */
public sealed interface BatchOutcome {
    /** The request's images, as a run of it alone would have made them. */
    record Generated(GenerationResult result) implements BatchOutcome {
        public Generated {
            if (result == null) throw new IllegalArgumentException("a generated outcome needs its result");
        }
    }

    /** Its token was cancelled before its last step. */
    record Cancelled() implements BatchOutcome {
    }

    /** It failed (an invalid request is an {@link IllegalArgumentException}); the others of the batch did not. */
    record Failed(RuntimeException error) implements BatchOutcome {
        public Failed {
            if (error == null) throw new IllegalArgumentException("a failed outcome needs its error");
        }
    }
}
