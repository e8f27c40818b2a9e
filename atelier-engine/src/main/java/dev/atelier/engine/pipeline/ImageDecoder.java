package dev.atelier.engine.pipeline;

/** Turns the denoised tensor into images {@code // [batch, 3, H, W]} in about [-1, 1]. */
public interface ImageDecoder extends AutoCloseable {

    /** @param latents {@code // [batch, C, h, w]} as the denoiser left them (not yet scaled) */
    float[] decode(float[] latents, long[] shape);

    /** Nanoseconds spent inside ONNX Runtime so far (0 where no model runs). */
    long runNanos();

    @Override
    void close();

    /** For pixel-space models: the denoised tensor already is the image. */
    static ImageDecoder identity() {
        return new ImageDecoder() {
            @Override
            public float[] decode(float[] latents, long[] shape) {
                return latents;
            }

            @Override
            public long runNanos() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
