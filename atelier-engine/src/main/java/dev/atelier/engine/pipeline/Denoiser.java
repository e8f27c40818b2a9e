package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The denoiser stage (a UNet or a transformer): {@code sample // [batch, C, h, w]}, a timestep and
 * {@code encoder_hidden_states // [batch, L, D]} to {@code out_sample}, same shape as sample. A retrieval model's
 * denoiser also reads a {@code draft // [batch, C', h, w]} (docs/model-package.md, "Layout planner"); an SDXL UNet
 * reads {@code text_embeds} and {@code time_ids}, an LCM UNet {@code timestep_cond} (Optimum's UNet export;
 * docs/sd-family.md).
 */
public final class Denoiser implements AutoCloseable {
    static final String SAMPLE = "sample";
    static final String TIMESTEP = "timestep";
    static final String HIDDEN = "encoder_hidden_states";
    static final String OUTPUT = "out_sample";
    static final String DRAFT = "draft";
    /** SDXL's pooled text embedding {@code // [batch, 1280]}. */
    static final String TEXT_EMBEDS = "text_embeds";
    /** SDXL's size conditioning {@code // [batch, 6]}: original height, width, crop top, left, target height, width. */
    static final String TIME_IDS = "time_ids";
    /** A guidance-distilled UNet's (LCM's) guidance-scale embedding {@code // [batch, 256]}. */
    static final String TIMESTEP_COND = "timestep_cond";
    private static final List<String> CONDITIONING = List.of(TEXT_EMBEDS, TIME_IDS, TIMESTEP_COND);

    private final OnnxModel model;
    private final OnnxJavaType timestepType;
    private final boolean timestepPerBatch;
    private final boolean scalarTimestep;
    private final boolean draft;
    private final Set<String> conditioning;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();

    Denoiser(OrtEnvironment env, OrtSession.SessionOptions options, Path file) {
        this(env, options, file, false);
    }

    /** @param draft whether the model reads a draft (a retrieval model's denoiser) */
    Denoiser(OrtEnvironment env, OrtSession.SessionOptions options, Path file, boolean draft) {
        this.model = OnnxModel.open(env, options, file, draft ? List.of(SAMPLE, TIMESTEP, HIDDEN, DRAFT)
                : List.of(SAMPLE, TIMESTEP, HIDDEN), List.of(OUTPUT));
        this.draft = draft;
        Set<String> known = new TreeSet<>(List.of(SAMPLE, TIMESTEP, HIDDEN));
        if (draft) known.add(DRAFT);
        Set<String> reads = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : model.inputNames()) {
            if (CONDITIONING.contains(name)) reads.add(name);
            else if (!known.contains(name)) unknown.add(name);
        }
        if (!unknown.isEmpty()) {
            model.close();
            throw new dev.atelier.engine.model.ModelPackageException(file, "reads " + unknown + ", which Atelier cannot "
                    + "feed; it feeds " + known + " and, where a UNet reads them, " + CONDITIONING);
        }
        this.conditioning = Set.copyOf(reads);
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
        return predict(sample, sampleShape, timesteps, hidden, hiddenShape,
                draft ? Map.of(DRAFT, new Input(draftValues, draftShape)) : Map.of());
    }

    /**
     * As above with every further input the model reads ({@link #conditioning()}, and a retrieval model's draft) by
     * name, each with one row per batch row.
     */
    float[] predict(float[] sample, long[] sampleShape, double[] timesteps, float[] hidden, long[] hiddenShape,
                    Map<String, Input> extras) {
        Set<String> expected = new TreeSet<>(conditioning);
        if (draft) expected.add(DRAFT);
        if (!expected.equals(new TreeSet<>(extras.keySet()))) {
            throw new IllegalArgumentException(model.file() + " reads " + expected + " beside the sample, timestep and "
                    + "text states; given " + new TreeSet<>(extras.keySet()));
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
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(SAMPLE, Tensors.floats(env, sample, sampleShape, OnnxJavaType.FLOAT));
            inputs.put(TIMESTEP, Tensors.floats(env, t, tShape, timestepType));
            inputs.put(HIDDEN, Tensors.floats(env, hidden, hiddenShape, OnnxJavaType.FLOAT));
            for (var e : extras.entrySet()) {
                inputs.put(e.getKey(), Tensors.floats(env, e.getValue().values(), e.getValue().shape(), model.inputType(e.getKey())));
            }
            calls.incrementAndGet();
            rows.addAndGet(batch);
            return model.runForFloats(inputs, OUTPUT);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensors: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** A further input's values {@code // [batch, ...]} and shape. */
    record Input(float[] values, long[] shape) {
    }

    /** The conditioning inputs beyond the text states that this model reads: SDXL's, LCM's, or none. */
    Set<String> conditioning() {
        return conditioning;
    }

    /** The width the model declares for conditioning input {@code name} ({@code // [batch, width]}); −1 where dynamic. */
    int conditioningWidth(String name) {
        long[] shape = model.inputShape(name);
        return shape.length == 2 ? (int) shape[1] : -1;
    }

    /** How many times the model has run, and on how many batch rows in all (tests check guidance's batch). */
    long calls() {
        return calls.get();
    }

    long rows() {
        return rows.get();
    }

    Path file() {
        return model.file();
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
