package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The VAE encoder stage of a Stable Diffusion ONNX export: {@code sample // [1, 3, H, W]} in [-1, 1] to
 * {@code latent_sample // [1, 4, H/8, W/8]} (the distribution's mode, as the export computes it), multiplied by the
 * package's scaling factor as diffusers' image-to-image pipelines do.
 */
final class VaeEncoder implements LatentEncoder {
    static final String INPUT = "sample";
    static final String OUTPUT = "latent_sample";

    private final OnnxModel model;
    private final double scaling;

    VaeEncoder(OrtEnvironment env, OrtSession.SessionOptions options, Path file, double scaling) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), List.of(OUTPUT));
        this.scaling = scaling;
    }

    @Override
    public float[] encode(float[] pixels, RgbImage image) {
        float[] z;
        try (OnnxTensor t = Tensors.floats(model.env(), pixels, new long[] {1, 3, image.height(), image.width()},
                OnnxJavaType.FLOAT)) {
            z = model.runForFloats(Map.of(INPUT, t), OUTPUT);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensor: " + e.getMessage(), e);
        }
        for (int i = 0; i < z.length; i++) z[i] = (float) (z[i] * scaling);
        return z;
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
