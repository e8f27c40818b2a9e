package dev.atelier.engine.pipeline;

/** Thrown by the pipeline when its {@link CancellationToken} was cancelled; nothing is returned. */
public final class GenerationCancelledException extends RuntimeException {
    public GenerationCancelledException() {
        super("generation cancelled");
    }
}
