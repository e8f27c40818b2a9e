package dev.atelier.engine.upscale;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestField;

/**
 * One upscale (docs/edits.md, "Upscaling"); checked here, so the CLI and the API word the same errors.
 *
 * @param image    the picture, any size whose enlargement stays within {@link #MAX_SIDE} per side
 * @param factor   2 or 4
 * @param prompt   the hires fix's prompt (Stable Diffusion), or null for none; the learned upsampler ignores it
 * @param strength the hires fix's image-to-image strength in (0, 1], or null for {@link #DEFAULT_STRENGTH}
 * @param seed     the hires fix's seed, or null for a random one
 * @param name     the picture's file name for the parameters, or null
 */
public record UpscaleRequest(RgbImage image, int factor, String prompt, Double strength, Long seed, String name) {
    /** The largest width or height an upscale may produce, pixels. */
    public static final int MAX_SIDE = 2048;
    /** The hires fix's default strength: enough to redraw detail, little enough to keep the picture. */
    public static final double DEFAULT_STRENGTH = 0.3;

    public UpscaleRequest {
        if (image == null) throw new InvalidRequestException(RequestField.INIT_IMAGE, "is required");
        if (factor != 2 && factor != 4) throw new InvalidRequestException(RequestField.FACTOR, "must be 2 or 4, got " + factor);
        if (strength != null && !(strength > 0 && strength <= 1)) {
            throw new InvalidRequestException(RequestField.STRENGTH, "must be greater than 0 and at most 1, got " + strength);
        }
        long w = (long) image.width() * factor;
        long h = (long) image.height() * factor;
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw new InvalidRequestException(RequestField.FACTOR, factor + " would make " + image.width() + "x"
                    + image.height() + " into " + w + "x" + h + "; at most " + MAX_SIDE + " pixels per side");
        }
    }

    /** Width of the result, pixels. */
    public int width() {
        return image.width() * factor;
    }

    /** Height of the result, pixels. */
    public int height() {
        return image.height() * factor;
    }

    /** The strength the hires fix uses. */
    public double strengthOrDefault() {
        return strength != null ? strength : DEFAULT_STRENGTH;
    }
}
