package dev.atelier.engine.pipeline;

/** Receives one event per denoising step, on the generating thread; keep it quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = event -> { };

    void onStep(StepEvent event);
}
