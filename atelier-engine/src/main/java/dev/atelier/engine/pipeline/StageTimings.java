package dev.atelier.engine.pipeline;

import java.util.Arrays;

/**
 * Where the time of one generation went, in nanoseconds.
 *
 * @param tokenize     tokenizing prompt and negative prompt
 * @param textEncode   the text encoder (0 when both embeddings came from the cache)
 * @param steps        each denoising step: scheduler and model together
 * @param decode       the image decoder
 * @param imageEncode  PNG/JPEG encoding, filled in by whoever encodes ({@link #withImageEncode})
 * @param onnx         time inside ONNX Runtime calls, all stages
 * @param total        wall time of the whole generation
 * @param conditions   a retrieval model's image conditions: retrieval, layout plan, draft and reference encoder (0 for
 *                     other models)
 */
public record StageTimings(long tokenize, long textEncode, long[] steps, long decode, long imageEncode, long onnx, long total,
                           long conditions) {

    /** The timings of a model without image conditions. */
    public StageTimings(long tokenize, long textEncode, long[] steps, long decode, long imageEncode, long onnx, long total) {
        this(tokenize, textEncode, steps, decode, imageEncode, onnx, total, 0);
    }

    public long stepsTotal() {
        return Arrays.stream(steps).sum();
    }

    public StageTimings withImageEncode(long nanos) {
        return new StageTimings(tokenize, textEncode, steps, decode, nanos, onnx, total + nanos, conditions);
    }

    /** One line in milliseconds, e.g. for the CLI's {@code --timings}. */
    public String summary() {
        var sb = new StringBuilder();
        if (conditions > 0) sb.append(String.format("retrieval, draft and references %.1f ms, ", ms(conditions)));
        sb.append(String.format("tokenize %.1f ms, text encoder %.1f ms, %d steps %.1f ms (",
                ms(tokenize), ms(textEncode), steps.length, ms(stepsTotal())));
        for (int i = 0; i < steps.length; i++) sb.append(i == 0 ? "" : " ").append(String.format("%.1f", ms(steps[i])));
        sb.append(String.format("), decode %.1f ms, image encoding %.1f ms, total %.1f ms (ONNX Runtime %.1f ms)",
                ms(decode), ms(imageEncode), ms(total), ms(onnx)));
        return sb.toString();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
