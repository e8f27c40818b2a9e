package dev.atelier.engine.pipeline;

/**
 * Sent after each denoising step.
 *
 * @param step       1-based index of the step just done
 * @param totalSteps model calls in the run
 * @param stepNanos  time the step took
 * @param sample     the current sample {@code // [count, C, h, w]}; read-only, for previews
 * @param shape      its shape
 */
public record StepEvent(int step, int totalSteps, long stepNanos, float[] sample, long[] shape) {
}
