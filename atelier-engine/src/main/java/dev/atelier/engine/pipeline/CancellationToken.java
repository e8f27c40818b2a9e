package dev.atelier.engine.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/** Cancels a generation between steps. Thread-safe. */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    void throwIfCancelled() {
        if (isCancelled()) throw new GenerationCancelledException();
    }
}
