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
 * {@code latent_sample // [1, 4, H/8, W/8]} (the distribution's mode, as diffusers' conversion script exports it) or,
 * from Optimum's exporter, {@code latent_parameters // [1, 8, H/8, W/8]} (mean then log-variance, of which the mean,
 * the mode, is kept), multiplied by the package's scaling factor as diffusers' image-to-image pipelines do.
 */
final class VaeEncoder implements LatentEncoder {
    static final String INPUT = "sample";
    static final String OUTPUT = "latent_sample";
    static final String PARAMETERS = "latent_parameters";

    private final OnnxModel model;
    private final double scaling;
    private final String output;

    VaeEncoder(OrtEnvironment env, OrtSession.SessionOptions options, Path file, double scaling) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), List.of());
        this.scaling = scaling;
        List<String> outputs = model.outputNames();
        this.output = outputs.contains(OUTPUT) ? OUTPUT : outputs.contains(PARAMETERS) ? PARAMETERS : null;
        if (output == null) {
            model.close();
            throw new dev.atelier.engine.model.ModelPackageException(file, "expected an output named '" + OUTPUT
                    + "' or '" + PARAMETERS + "', found " + outputs);
        }
    }

    @Override
    public float[] encode(float[] pixels, RgbImage image) {
        float[] z;
        try (OnnxTensor t = Tensors.floats(model.env(), pixels, new long[] {1, 3, image.height(), image.width()},
                OnnxJavaType.FLOAT)) {
            z = model.runForFloats(Map.of(INPUT, t), output);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensor: " + e.getMessage(), e);
        }
        // latent_parameters: [1, 2C, h, w], the mean's channels first
        if (output.equals(PARAMETERS)) z = java.util.Arrays.copyOf(z, z.length / 2);
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
