package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;

/**
 * The image an image-to-image or inpainting request starts from (docs/edits.md).
 *
 * @param image    the starting picture
 * @param mask     where the picture may change, as grey levels: white (1) is regenerated, black (0) is kept; the
 *                 image's size. {@link EditInputs#mask} reads the Images API's convention (transparent = edit) into
 *                 this. Null: image-to-image, everything may change
 * @param strength how far from the picture the result may go, in (0, 1]: 1 redraws it from noise; null in an
 *                 {@link ImageRequest} for the default ({@link RequestResolver} applies it), never null once resolved
 * @param name     the image's file name, recorded in the result's parameters, or null
 */
public record InitImage(RgbImage image, RgbImage mask, Double strength, String name) {
    /** Image-to-image's default strength (diffusers' StableDiffusionImg2ImgPipeline). */
    public static final double DEFAULT_STRENGTH = 0.75;
    /** Inpainting's default strength (diffusers' StableDiffusionInpaintPipeline): the masked area from pure noise. */
    public static final double DEFAULT_INPAINT_STRENGTH = 1.0;

    public InitImage {
        if (image == null) throw new InvalidRequestException(RequestField.INIT_IMAGE, "is required for image-to-image");
        if (strength != null && !(strength > 0 && strength <= 1)) {
            throw new InvalidRequestException(RequestField.STRENGTH, "must be greater than 0 and at most 1, got " + strength);
        }
        if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
            throw new InvalidRequestException(RequestField.MASK, "must be the image's size " + image.width() + "x"
                    + image.height() + ", got " + mask.width() + "x" + mask.height());
        }
    }

    /** An unnamed start image. */
    public InitImage(RgbImage image, RgbImage mask, double strength) {
        this(image, mask, (Double) strength, null);
    }

    /** Whether this is an inpainting request (a mask says what may change). */
    public boolean inpainting() {
        return mask != null;
    }

    /** The strength, or the default of this kind of edit where none was given. */
    public double strengthOrDefault() {
        return strength != null ? strength : inpainting() ? DEFAULT_INPAINT_STRENGTH : DEFAULT_STRENGTH;
    }

    /** The same edit with both pictures at {@code width x height} and a concrete strength. */
    InitImage resolved(int width, int height) {
        return new InitImage(Resize.to(image, width, height), mask == null ? null : Resize.to(mask, width, height),
                strengthOrDefault(), name);
    }
}
