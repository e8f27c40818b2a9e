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
 * A retrieval model's learned upsampler stage: the denoised canvas {@code image // [batch, C, h, w]}, clamped to
 * [-1, 1] first as the training side does, to {@code upsampled // [batch, C, 2h, 2w]} in [-1, 1].
 */
final class Upsampler implements ImageDecoder {
    static final String INPUT = "image";
    static final String OUTPUT = "upsampled";

    private final OnnxModel model;

    Upsampler(OrtEnvironment env, OrtSession.SessionOptions options, Path file) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), List.of(OUTPUT));
    }

    @Override
    public float[] decode(float[] latents, long[] shape) {
        float[] clamped = new float[latents.length];
        for (int i = 0; i < clamped.length; i++) clamped[i] = Math.min(1f, Math.max(-1f, latents[i]));
        try (OnnxTensor t = Tensors.floats(model.env(), clamped, shape, OnnxJavaType.FLOAT)) {
            return model.runForFloats(Map.of(INPUT, t), OUTPUT);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensor: " + e.getMessage(), e);
        }
    }

    @Override
    public long runNanos() {
        return model.runNanos();
    }

    @Override
    public void close() {
        model.close();
    }
}
