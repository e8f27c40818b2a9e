package dev.atelier.server.spi;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.pipeline.GeneratedImage;

/**
 * A check and provenance step for every generated image, run by the worker before the image is stored (image
 * moderation, content credentials and watermarks fill it; none by default). Chosen once at start-up and logged.
 */
public interface ImageCheck {
    /** Stores every image as it was encoded. */
    ImageCheck NONE = new ImageCheck() {
        @Override
        public String describe() {
            return "none";
        }

        @Override
        public byte[] apply(GeneratedImage image, ImageFormat format, byte[] encoded) {
            return encoded;
        }
    };

    /** Short description for the start-up log. */
    String describe();

    /**
     * The bytes to store for {@code image} (its parameters name the model and prompt), given its encoding
     * {@code encoded} in {@code format}: the same bytes, or the file with content credentials added.
     *
     * @throws RuntimeException to withhold the image (its job fails with code {@code image_withheld} and the message)
     */
    byte[] apply(GeneratedImage image, ImageFormat format, byte[] encoded);
}
