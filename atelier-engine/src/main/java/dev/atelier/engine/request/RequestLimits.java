package dev.atelier.engine.request;

/**
 * What a deployment allows beyond what a model allows: the server sets these from its configuration; the CLI, the
 * bench and the evaluation use {@link #engine()}.
 *
 * @param maxPromptChars longest prompt (and negative prompt), characters
 * @param maxSide        largest width or height, pixels
 * @param maxSteps       most denoising steps
 * @param maxCount       most images in one request
 */
public record RequestLimits(int maxPromptChars, int maxSide, int maxSteps, int maxCount) {
    /** The engine's own ceiling on images per request. */
    public static final int MAX_COUNT = 64;

    public RequestLimits {
        if (maxPromptChars < 1) throw new IllegalArgumentException("max prompt length must be ≥ 1, got " + maxPromptChars);
        if (maxSide < 8) throw new IllegalArgumentException("max side must be ≥ 8, got " + maxSide);
        if (maxSteps < 1 || maxSteps > 1000) throw new IllegalArgumentException("max steps must be in 1..1000, got " + maxSteps);
        if (maxCount < 1 || maxCount > MAX_COUNT) {
            throw new IllegalArgumentException("max images per request must be in 1.." + MAX_COUNT + ", got " + maxCount);
        }
    }

    /** The engine's own limits: what a local user may ask for. */
    public static RequestLimits engine() {
        return new RequestLimits(100_000, 4096, 1000, MAX_COUNT);
    }
}
