package dev.atelier.server.spi;

import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.server.jobs.JobSpec;

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
        public byte[] apply(JobSpec spec, GeneratedImage image, byte[] encoded) {
            return encoded;
        }
    };

    /** Short description for the start-up log. */
    String describe();

    /**
     * The bytes to store for {@code image} of a job of {@code spec}, given its encoding {@code encoded} (e.g. the same
     * file with content credentials added).
     *
     * @throws RuntimeException to withhold the image (the job fails with the exception's message)
     */
    byte[] apply(JobSpec spec, GeneratedImage image, byte[] encoded);
}
