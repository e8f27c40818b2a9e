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
 * The VAE decoder stage: {@code latent_sample // [1, 4, h/8, w/8]} to {@code sample // [1, 3, h, w]}. Latents are
 * divided by the package's scaling factor first; images are decoded one at a time, as diffusers' ONNX pipeline
 * does, which bounds memory at large batch sizes.
 */
public final class VaeDecoder implements ImageDecoder {
    static final String INPUT = "latent_sample";
    static final String OUTPUT = "sample";

    private final OnnxModel model;
    private final double scaling;

    VaeDecoder(OrtEnvironment env, OrtSession.SessionOptions options, Path file, double scaling) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), List.of(OUTPUT));
        this.scaling = scaling;
    }

    @Override
    public float[] decode(float[] latents, long[] shape) {
        int batch = (int) shape[0];
        int per = latents.length / batch;
        long[] one = shape.clone();
        one[0] = 1;
        float[] out = null;
        for (int b = 0; b < batch; b++) {
            float[] z = new float[per];
            for (int i = 0; i < per; i++) z[i] = (float) (latents[b * per + i] / scaling);
            float[] img;
            try (OnnxTensor t = Tensors.floats(model.env(), z, one, OnnxJavaType.FLOAT)) {
                img = model.runForFloats(Map.of(INPUT, t), OUTPUT);
            } catch (OrtException e) {
                throw new IllegalStateException(model.file() + ": cannot build input tensor: " + e.getMessage(), e);
            }
            if (out == null) out = new float[img.length * batch];
            System.arraycopy(img, 0, out, b * img.length, img.length);
        }
        return out;
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
