package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;

/**
 * One request of a batch, with its own progress listener (its events carry only its images' rows) and its own
 * cancellation (cancelling it leaves the others running).
 */
public record BatchItem(GenerationRequest request, ProgressListener listener, CancellationToken cancel) {
    public BatchItem {
        if (request == null) throw new IllegalArgumentException("a batch item needs a request");
        listener = listener == null ? ProgressListener.NONE : listener;
        cancel = cancel == null ? new CancellationToken() : cancel;
    }

    /** An item without progress or cancellation. */
    public BatchItem(GenerationRequest request) {
        this(request, ProgressListener.NONE, new CancellationToken());
    }
}
