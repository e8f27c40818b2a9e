package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The denoiser stage (a UNet or a transformer): {@code sample // [batch, C, h, w]}, a timestep and
 * {@code encoder_hidden_states // [batch, L, D]} to {@code out_sample}, same shape as sample. A retrieval model's
 * denoiser also reads a {@code draft // [batch, C', h, w]} (docs/model-package.md, "Layout planner").
 */
public final class Denoiser implements AutoCloseable {
    static final String SAMPLE = "sample";
    static final String TIMESTEP = "timestep";
    static final String HIDDEN = "encoder_hidden_states";
    static final String OUTPUT = "out_sample";
    static final String DRAFT = "draft";

    private final OnnxModel model;
    private final OnnxJavaType timestepType;
    private final boolean timestepPerBatch;
    private final boolean scalarTimestep;
    private final boolean draft;

    Denoiser(OrtEnvironment env, OrtSession.SessionOptions options, Path file) {
        this(env, options, file, false);
    }

    /** @param draft whether the model reads a draft (a retrieval model's denoiser) */
    Denoiser(OrtEnvironment env, OrtSession.SessionOptions options, Path file, boolean draft) {
        this.model = OnnxModel.open(env, options, file, draft ? List.of(SAMPLE, TIMESTEP, HIDDEN, DRAFT)
                : List.of(SAMPLE, TIMESTEP, HIDDEN), List.of(OUTPUT));
        this.draft = draft;
        this.timestepType = model.inputType(TIMESTEP);
        long[] shape = model.inputShape(TIMESTEP);
        // Exports declare the timestep as a scalar, [1] or [batch]; give it what it declares.
        if (shape.length > 1) {
            model.close();
            throw new dev.atelier.engine.model.ModelPackageException(file,
                    "input 'timestep' should be a scalar, [1] or [batch], found shape " + Arrays.toString(shape));
        }
        this.scalarTimestep = shape.length == 0;
        this.timestepPerBatch = shape.length == 1 && shape[0] != 1;
    }

    /**
     * @param sample  {@code // [batch, C, h, w]}
     * @param hidden  {@code // [batch, L, D]}
     */
    public float[] predict(float[] sample, long[] sampleShape, double timestep, float[] hidden, long[] hiddenShape) {
        double[] t = new double[(int) sampleShape[0]];
        Arrays.fill(t, timestep);
        return predict(sample, sampleShape, t, hidden, hiddenShape, null, null);
    }

    /** As above with one timestep per batch row. */
    public float[] predict(float[] sample, long[] sampleShape, double[] timesteps, float[] hidden, long[] hiddenShape) {
        return predict(sample, sampleShape, timesteps, hidden, hiddenShape, null, null);
    }

    /**
     * One timestep per batch row (a model that declares a scalar or {@code [1]} timestep needs them all equal) and,
     * for a model that reads one, the draft {@code // [batch, C', h, w]}; null for a model without.
     */
    public float[] predict(float[] sample, long[] sampleShape, double[] timesteps, float[] hidden, long[] hiddenShape,
                           float[] draftValues, long[] draftShape) {
        if ((draftValues != null) != draft) {
            throw new IllegalArgumentException(model.file() + (draft ? " needs a draft" : " reads no draft"));
        }
        int batch = (int) sampleShape[0];
        if (timesteps.length != batch) {
            throw new IllegalArgumentException("expected " + batch + " timesteps, got " + timesteps.length);
        }
        float[] t;
        long[] tShape;
        if (timestepPerBatch) {
            t = new float[batch];
            for (int i = 0; i < batch; i++) t[i] = (float) timesteps[i];
            tShape = new long[] {batch};
        } else {
            if (Arrays.stream(timesteps).distinct().count() > 1) {
                throw new IllegalArgumentException(model.file() + " takes one timestep for the whole batch");
            }
            t = new float[] {(float) timesteps[0]};
            tShape = scalarTimestep ? new long[0] : new long[] {1};
        }
        var env = model.env();
        try (OnnxTensor s = Tensors.floats(env, sample, sampleShape, OnnxJavaType.FLOAT);
             OnnxTensor ts = Tensors.floats(env, t, tShape, timestepType);
             OnnxTensor h = Tensors.floats(env, hidden, hiddenShape, OnnxJavaType.FLOAT);
             OnnxTensor d = draft ? Tensors.floats(env, draftValues, draftShape, OnnxJavaType.FLOAT) : null) {
            return model.runForFloats(draft ? Map.of(SAMPLE, s, TIMESTEP, ts, HIDDEN, h, DRAFT, d)
                    : Map.of(SAMPLE, s, TIMESTEP, ts, HIDDEN, h), OUTPUT);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensors: " + e.getMessage(), e);
        }
    }

    /** The channels the model's {@code sample} input declares: C, or C + 5 for an inpainting UNet; −1 where dynamic. */
    int sampleChannels() {
        long[] shape = model.inputShape(SAMPLE);
        return shape.length == 4 ? (int) shape[1] : -1;
    }

    long runNanos() {
        return model.runNanos();
    }

    @Override
    public void close() {
        model.close();
    }
}
