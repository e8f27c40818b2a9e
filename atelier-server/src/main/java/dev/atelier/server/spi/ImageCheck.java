package dev.atelier.server.spi;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.safety.moderation.FilterResults;

import java.util.function.Function;

/**
 * A check and provenance step for every generated image, run by the worker before the image is stored (image
 * moderation, the invisible watermark and content credentials fill it; none by default). Chosen once at start-up and
 * logged.
 */
public interface ImageCheck {
    /** Stores every image as it was encoded. */
    ImageCheck NONE = new ImageCheck() {
        @Override
        public String describe() {
            return "none";
        }

        @Override
        public Checked apply(Subject subject, GeneratedImage image, ImageFormat format, Function<RgbImage, byte[]> encoder) {
            return new Checked(encoder.apply(image.image()), null);
        }
    };

    /** Short description for the start-up log. */
    String describe();

    /**
     * The file to store for {@code image}: the pixels (possibly watermarked) encoded by {@code encoder} in
     * {@code format}, possibly with content credentials added, and the filter's results.
     *
     * @throws Withheld to withhold the image (its job fails with code {@code image_withheld} and the message)
     */
    Checked apply(Subject subject, GeneratedImage image, ImageFormat format, Function<RgbImage, byte[]> encoder);

    /**
     * Whose image it is.
     *
     * @param model      the model that drew it
     * @param blind      whether nothing in the file may name the model (arena battles)
     * @param moderation the moderation level that applies: {@code auto} or {@code low}
     */
    record Subject(String model, boolean blind, String moderation) {
    }

    /** The file to store and the filter's results (null when nothing rated it). */
    record Checked(byte[] bytes, FilterResults filter) {
    }

    /** A withheld image: the message says why (the categories), never what the image shows. */
    final class Withheld extends RuntimeException {
        private final FilterResults filter;

        public Withheld(String message, FilterResults filter) {
            super(message, null, false, false);
            this.filter = filter;
        }

        public FilterResults filter() {
            return filter;
        }
    }
}
