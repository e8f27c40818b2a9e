package dev.atelier.engine.pipeline;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.atelier.engine.model.ModelPackageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ONNX session, opened once, with its input and output names checked against what a stage expects.
 * Counts the time spent inside {@link OrtSession#run} so callers can report engine overhead.
 */
final class OnnxModel implements AutoCloseable {
    private final Path file;
    private final OrtSession session;
    private final AtomicLong runNanos = new AtomicLong();

    private OnnxModel(Path file, OrtSession session) {
        this.file = file;
        this.session = session;
    }

    /** Opens {@code file}; a missing input or output is reported with the names the file does have. */
    static OnnxModel open(OrtEnvironment env, OrtSession.SessionOptions options, Path file,
                          List<String> inputs, List<String> outputs) {
        OrtSession session;
        try {
            // Loading from the path (not bytes) lets ONNX Runtime find external weight files next to the model.
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelPackageException(file, "not a readable ONNX model (" + firstLine(e.getMessage()) + ")", e);
        }
        try {
            var in = session.getInputNames();
            var out = session.getOutputNames();
            for (String name : inputs) {
                if (!in.contains(name)) throw new ModelPackageException(file, "expected an input named '" + name + "', found " + in);
            }
            for (String name : outputs) {
                if (!out.contains(name)) throw new ModelPackageException(file, "expected an output named '" + name + "', found " + out);
            }
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        return new OnnxModel(file, session);
    }

    Path file() {
        return file;
    }

    OrtEnvironment env() {
        return OrtEnvironment.getEnvironment();
    }

    /** The element type the model declares for input {@code name}. */
    OnnxJavaType inputType(String name) {
        try {
            NodeInfo info = session.getInputInfo().get(name);
            return ((TensorInfo) info.getInfo()).type;
        } catch (OrtException e) {
            throw new ModelPackageException(file, "cannot read input '" + name + "': " + e.getMessage());
        }
    }

    /** The model's input names, in its order. */
    List<String> inputNames() {
        try {
            return List.copyOf(session.getInputInfo().keySet());
        } catch (OrtException e) {
            throw new ModelPackageException(file, "cannot read its inputs: " + e.getMessage());
        }
    }

    /** The model's output names, in its order. */
    List<String> outputNames() {
        try {
            return List.copyOf(session.getOutputInfo().keySet());
        } catch (OrtException e) {
            throw new ModelPackageException(file, "cannot read its outputs: " + e.getMessage());
        }
    }

    /** The declared shape of input {@code name}; -1 marks a dynamic dimension. */
    long[] inputShape(String name) {
        try {
            return ((TensorInfo) session.getInputInfo().get(name).getInfo()).getShape();
        } catch (OrtException e) {
            throw new ModelPackageException(file, "cannot read input '" + name + "': " + e.getMessage());
        }
    }

    /** Runs the model and returns the float32 output {@code output} flattened row-major. */
    float[] runForFloats(Map<String, OnnxTensor> inputs, String output) {
        long t0 = System.nanoTime();
        try (OrtSession.Result result = session.run(inputs)) {
            runNanos.addAndGet(System.nanoTime() - t0);
            var value = result.get(output).orElseThrow();
            if (!(value instanceof OnnxTensor tensor)) {
                throw new ModelPackageException(file, "output '" + output + "' is not a tensor");
            }
            return Tensors.toFloats(tensor);
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** Runs the model and returns the float32 outputs {@code outputs}, each flattened row-major. */
    Map<String, float[]> runForFloats(Map<String, OnnxTensor> inputs, List<String> outputs) {
        long t0 = System.nanoTime();
        try (OrtSession.Result result = session.run(inputs, new java.util.LinkedHashSet<>(outputs))) {
            runNanos.addAndGet(System.nanoTime() - t0);
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            for (String name : outputs) {
                if (!(result.get(name).orElseThrow() instanceof OnnxTensor tensor)) {
                    throw new ModelPackageException(file, "output '" + name + "' is not a tensor");
                }
                out.put(name, Tensors.toFloats(tensor));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** Total nanoseconds spent inside ONNX Runtime since the model was opened. */
    long runNanos() {
        return runNanos.get();
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // nothing useful to do while closing
        }
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
