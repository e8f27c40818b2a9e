package dev.atelier.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.model.ModelPackageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text encoder stage: token ids {@code // [batch, L]} to hidden states {@code // [batch, L, D]}, the
 * {@code last_hidden_state} or, for SDXL, the penultimate layer's ({@code hidden_states.N-1} of an export with
 * {@code hidden_states.0..N}), and for a CLIP model with projection also its pooled {@code text_embeds // [batch, P]}.
 */
public final class TextEncoder implements AutoCloseable {
    static final String INPUT = "input_ids";
    static final String OUTPUT = "last_hidden_state";
    static final String TEXT_EMBEDS = "text_embeds";
    static final String HIDDEN_STATES = "hidden_states.";

    private final OnnxModel model;
    private final OnnxJavaType idType;
    private final String states;
    private final boolean pooled;

    TextEncoder(ai.onnxruntime.OrtEnvironment env, OrtSession.SessionOptions options, Path file) {
        this(env, options, file, false, false);
    }

    /**
     * @param penultimate read the penultimate layer's states rather than {@code last_hidden_state} (SDXL's encoders)
     * @param pooled      also read {@code text_embeds} (SDXL's {@code text_encoder_2})
     */
    TextEncoder(ai.onnxruntime.OrtEnvironment env, OrtSession.SessionOptions options, Path file, boolean penultimate,
                boolean pooled) {
        this.model = OnnxModel.open(env, options, file, List.of(INPUT), pooled ? List.of(TEXT_EMBEDS) : List.of(OUTPUT));
        this.idType = model.inputType(INPUT);
        this.pooled = pooled;
        try {
            this.states = penultimate ? penultimate(file, model.outputNames()) : OUTPUT;
            if (!model.outputNames().contains(states)) {
                throw new ModelPackageException(file, "expected an output named '" + states + "', found " + model.outputNames());
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    // hidden_states.0 is the embeddings, hidden_states.N the last layer: diffusers' hidden_states[-2] is N-1
    private static String penultimate(Path file, List<String> outputs) {
        int last = -1;
        for (String name : outputs) {
            if (name.startsWith(HIDDEN_STATES)) {
                try {
                    last = Math.max(last, Integer.parseInt(name.substring(HIDDEN_STATES.length())));
                } catch (NumberFormatException ignored) {
                    // not a layer's output
                }
            }
        }
        if (last < 1) {
            throw new ModelPackageException(file, "expected the layers' states 'hidden_states.0' .. 'hidden_states.N' (an "
                    + "export with output_hidden_states, as Optimum makes for SDXL), found " + outputs);
        }
        return HIDDEN_STATES + (last - 1);
    }

    /** One sequence's states {@code // [1, L, D]} and, for an encoder with projection, its pooled embedding {@code // [1, P]}. */
    record Encoded(float[] states, float[] pooled) {
    }

    /** Encodes one sequence of {@code ids}; returns the flat hidden states {@code // [1, L, D]}. */
    public float[] encode(int[] ids) {
        return encodeAll(ids).states();
    }

    /** Encodes one sequence of {@code ids} to its states and, where read, its pooled embedding. */
    Encoded encodeAll(int[] ids) {
        long[] shape = {1, ids.length};
        List<String> outputs = new ArrayList<>(List.of(states));
        if (pooled) outputs.add(TEXT_EMBEDS);
        try (OnnxTensor t = Tensors.ints(model.env(), ids, shape, idType)) {
            Map<String, float[]> out = model.runForFloats(Map.of(INPUT, t), outputs);
            return new Encoded(out.get(states), pooled ? out.get(TEXT_EMBEDS) : null);
        } catch (OrtException e) {
            throw new IllegalStateException(model.file() + ": cannot build input tensor: " + e.getMessage(), e);
        }
    }

    Path file() {
        return model.file();
    }

    long runNanos() {
        return model.runNanos();
    }

    @Override
    public void close() {
        model.close();
    }
}
