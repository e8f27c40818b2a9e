package dev.atelier.engine.upscale;

import dev.atelier.engine.image.RgbImage;

/**
 * An upscale's result.
 *
 * @param image  the enlarged picture
 * @param factor 2 or 4
 * @param method how it was made, for the parameters: {@code atelier-image-2 learned} or {@code tiny-sd hires fix,
 *               strength 0.3, 3 steps, seed 7}
 * @param nanos  wall time of the upscale
 * @param onnx   of which inside ONNX Runtime
 */
public record Upscaled(RgbImage image, int factor, String method, long nanos, long onnx) {
    public Upscaled {
        if (factor != 2 && factor != 4) throw new IllegalArgumentException("factor must be 2 or 4, got " + factor);
    }

    /**
     * {@code original} (an image's A1111 {@code parameters} text, or null) with {@code Upscaled: 2x, Upscaler: METHOD}
     * appended to its last line, or that alone.
     */
    public String parameters(String original) {
        String mark = "Upscaled: " + factor + "x, Upscaler: " + method.replace(',', ';');
        return original == null || original.isBlank() ? mark : original.stripTrailing() + ", " + mark;
    }

    /** One line for {@code --timings}. */
    public String summary() {
        return String.format("upscale %dx to %dx%d (%s): total %.1f ms (ONNX Runtime %.1f ms)", factor, image.width(),
                image.height(), method, nanos / 1e6, onnx / 1e6);
    }
}
