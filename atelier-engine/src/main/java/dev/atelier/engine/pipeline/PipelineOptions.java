package dev.atelier.engine.pipeline;

import dev.atelier.engine.spi.ExecutionProvider;
import dev.atelier.engine.spi.ExecutionProviders;

/**
 * How a pipeline's sessions are made.
 *
 * @param provider  the execution provider
 * @param threads   intra-op threads per session, ≥ 1 (default: the machine's cores)
 * @param cacheSize text embeddings kept per pipeline (prompt → hidden states), ≥ 0
 */
public record PipelineOptions(ExecutionProvider provider, int threads, int cacheSize) {
    public PipelineOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (cacheSize < 0) throw new IllegalArgumentException("cacheSize must be ≥ 0, got " + cacheSize);
    }

    public static PipelineOptions defaults() {
        return new PipelineOptions(ExecutionProviders.cpu(), Runtime.getRuntime().availableProcessors(), 256);
    }

    public PipelineOptions withProvider(ExecutionProvider p) {
        return new PipelineOptions(p, threads, cacheSize);
    }
}
