package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A retrieval model's reference encoder stage: reference slots {@code // [n, 4, 64, 64]} (premultiplied RGBA in
 * [-1, 1], {@code DraftRenderer.reference}) to tokens {@code // [n, T, D]} for the denoiser's cross-attention.
 */
final class ReferenceEncoder implements AutoCloseable {
    static final String INPUT = "reference";
    static final String OUTPUT = "reference_tokens";

    private final OnnxModel model;

    ReferenceEncoder(OrtEnvironment env, OrtSession.SessionOptions options, Path file) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), List.of(OUTPUT));
    }

    /** @param slots {@code // [n, 4, side, side]}; returns {@code // [n, T, D]} */
    float[] encode(float[] slots, int n, int side) {
        long[] shape = {n, 4, side, side};
        try (OnnxTensor t = Tensors.floats(model.env(), slots, shape, OnnxJavaType.FLOAT)) {
            return model.runForFloats(Map.of(INPUT, t), OUTPUT);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensor: " + e.getMessage(), e);
        }
    }

    long runNanos() {
        return model.runNanos();
    }

    @Override
    public void close() {
        model.close();
    }
}
