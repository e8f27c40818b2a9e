package dev.atelier.server.spi;

/**
 * The checks every job passes: the prompt before it is queued, each image before it is stored.
 *
 * @param prompt run by the generation service
 * @param image  run by the workers
 */
public record Safeguards(PromptCheck prompt, ImageCheck image) {
    public Safeguards {
        if (prompt == null || image == null) throw new IllegalArgumentException("safeguards need a prompt and an image check (NONE for none)");
    }

    public static Safeguards none() {
        return new Safeguards(PromptCheck.NONE, ImageCheck.NONE);
    }

    /** For the start-up log. */
    public String describe() {
        return "prompt check: " + prompt.describe() + ", image check: " + image.describe();
    }
}
