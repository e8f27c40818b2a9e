package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;

/**
 * The image an image-to-image or inpainting request starts from.
 *
 * @param image    the starting picture
 * @param mask     where the picture may change (white) and where it is kept (black), the image's size; null: everywhere
 * @param strength how far from the picture the result may go, in (0, 1]: 1 redraws it from noise
 */
public record InitImage(RgbImage image, RgbImage mask, double strength) {
    public InitImage {
        if (image == null) throw new InvalidRequestException(RequestField.INIT_IMAGE, "is required for image-to-image");
        if (!(strength > 0 && strength <= 1)) {
            throw new InvalidRequestException(RequestField.STRENGTH, "must be greater than 0 and at most 1, got " + strength);
        }
        if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
            throw new InvalidRequestException(RequestField.MASK, "must be the image's size " + image.width() + "x"
                    + image.height() + ", got " + mask.width() + "x" + mask.height());
        }
    }
}
