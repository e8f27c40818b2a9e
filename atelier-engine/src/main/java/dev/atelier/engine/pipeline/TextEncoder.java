package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The text encoder stage: token ids {@code // [batch, L]} to hidden states {@code // [batch, L, D]}. */
public final class TextEncoder implements AutoCloseable {
    static final String INPUT = "input_ids";
    static final String OUTPUT = "last_hidden_state";

    private final OnnxModel model;
    private final OnnxJavaType idType;

    TextEncoder(ai.onnxruntime.OrtEnvironment env, OrtSession.SessionOptions options, Path file) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), List.of(OUTPUT));
        this.idType = model.inputType(INPUT);
    }

    /** Encodes one sequence of {@code ids}; returns the flat hidden states {@code // [1, L, D]}. */
    public float[] encode(int[] ids) {
        long[] shape = {1, ids.length};
        try (OnnxTensor t = Tensors.ints(model.env(), ids, shape, idType)) {
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
