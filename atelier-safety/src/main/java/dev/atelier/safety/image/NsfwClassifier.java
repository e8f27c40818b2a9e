package dev.atelier.safety.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.OnnxSessions;
import dev.atelier.engine.pipeline.PipelineOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nsfwjs's MobileNetV2 image classifier (nsfwjs {@value #NSFWJS_VERSION}, MIT), converted to ONNX by
 * {@code atelier-safety/tools/tfjs_to_onnx.py} and shipped in this jar (see the model card beside it). It rates an
 * image into five classes, {@link #CLASSES}, and derives a sexual severity from {@link NsfwThresholds}.
 * The ONNX session is opened once; {@link #analyze} is thread-safe.
 */
public final class NsfwClassifier implements ImageClassifier {
    /** The nsfwjs package version the shipped model was converted from. */
    public static final String NSFWJS_VERSION = "4.4.0";
    /** The model's classes, in output order, in lower case. */
    public static final List<String> CLASSES = List.of("drawing", "hentai", "neutral", "porn", "sexy");
    static final String RESOURCE = "nsfw-mobilenet-v2.onnx";
    private static final String INPUT = "image";  // [batch, 224, 224, 3] RGB in [0, 1]
    private static final String OUTPUT = "probabilities";  // [batch, 5]

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final NsfwThresholds thresholds;

    private NsfwClassifier(OrtSession session, NsfwThresholds thresholds) {
        this.session = session;
        this.thresholds = thresholds;
    }

    /**
     * Opens the shipped model with the engine's session set-up ({@code options}: provider and intra-op threads). One
     * thread is enough: a 256×256 image takes about 20 ms on one busy core, and images are checked concurrently.
     */
    public static NsfwClassifier open(NsfwThresholds thresholds, PipelineOptions options) {
        byte[] model;
        try (InputStream in = NsfwClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the image classifier's model " + RESOURCE + " is missing from atelier-safety's jar");
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image classifier's model " + RESOURCE, e);
        }
        try (var so = OnnxSessions.options(options)) {
            return new NsfwClassifier(OrtEnvironment.getEnvironment().createSession(model, so), thresholds);
        } catch (OrtException e) {
            throw new IllegalStateException(RESOURCE + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String describe() {
        return "nsfwjs " + NSFWJS_VERSION + " MobileNetV2 (ONNX, " + NsfwInput.SIZE + "x" + NsfwInput.SIZE + "), " + thresholds;
    }

    /** Classifies {@code image}: the five class probabilities, and the sexual severity by the thresholds. */
    @Override
    public ImageAnalysis analyze(RgbImage image) {
        float[] p = probabilities(NsfwInput.tensor(image), 1);
        Map<String, Float> scores = new LinkedHashMap<>();
        for (int i = 0; i < CLASSES.size(); i++) scores.put(CLASSES.get(i), p[i]);
        return new ImageAnalysis(scores, thresholds.rate(p[3], p[1], p[4]));
    }

    /** The model's output {@code // [n, 5]} for preprocessed inputs {@code // [n, 224, 224, 3]}, flattened. */
    float[] probabilities(float[] inputs, int n) {
        int per = NsfwInput.SIZE * NsfwInput.SIZE * 3;
        if (inputs.length != n * per) {
            throw new IllegalArgumentException("expected " + n * per + " values for " + n + " images, got " + inputs.length);
        }
        long[] shape = {n, NsfwInput.SIZE, NsfwInput.SIZE, 3};
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs), shape);
             OrtSession.Result result = session.run(Map.of(INPUT, x))) {
            FloatBuffer out = ((OnnxTensor) result.get(OUTPUT).orElseThrow()).getFloatBuffer();
            float[] p = new float[out.remaining()];
            out.get(p);
            return p;
        } catch (OrtException e) {
            throw new IllegalStateException("image classification failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing useful to do while closing
        }
    }
}
