package dev.atelier.eval.judge;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.pipeline.OnnxSessions;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.spi.ExecutionProviders;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** One ONNX session of the judge, opened once with the engine's session set-up: one named input in, every output as a flat float array. */
final class OnnxRunner implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;

    OnnxRunner(Path file, String input, int threads) {
        this.input = input;
        try (var options = OnnxSessions.options(new PipelineOptions(ExecutionProviders.cpu(), threads, 0))) {
            this.session = env.createSession(file.toString(), options);
            if (!session.getInputNames().contains(input)) {
                session.close();
                throw new IllegalArgumentException(file + ": expected an input named '" + input + "'");
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
    }

    Map<String, float[]> run(float[] data, long[] shape) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
            return run(t);
        } catch (OrtException e) {
            throw new IllegalStateException("judge inference failed: " + e.getMessage(), e);
        }
    }

    Map<String, float[]> run(long[] data, long[] shape) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape)) {
            return run(t);
        } catch (OrtException e) {
            throw new IllegalStateException("judge inference failed: " + e.getMessage(), e);
        }
    }

    private Map<String, float[]> run(OnnxTensor tensor) throws OrtException {
        Map<String, float[]> out = new HashMap<>();
        try (OrtSession.Result result = session.run(Map.of(input, tensor))) {
            for (var entry : result) {
                var value = (OnnxTensor) entry.getValue();
                FloatBuffer fb = value.getFloatBuffer();
                float[] arr = new float[fb.remaining()];
                fb.get(arr);
                out.put(entry.getKey(), arr);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
