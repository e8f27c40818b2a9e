package dev.atelier.engine.request;

/**
 * A field of an image request, with the name each front end shows for it: the Images API's JSON field, the CLI's
 * option and the studio form's label. Resolution errors name a field; each front end words it its own way.
 */
public enum RequestField {
    MODEL("model", "--model", "Model"),
    PROMPT("prompt", "PROMPT", "Prompt"),
    NEGATIVE_PROMPT("negative_prompt", "--negative", "Negative prompt"),
    SIZE("size", "--size", "Size"),
    STEPS("steps", "--steps", "Steps"),
    QUALITY("quality", "--quality", "Quality"),
    GUIDANCE("guidance_scale", "--guidance", "Guidance"),
    SCHEDULER("scheduler", "--scheduler", "Sampler"),
    SEED("seed", "--seed", "Seed"),
    COUNT("n", "-n", "Images"),
    INIT_IMAGE("image", "--init-image", "Image"),
    MASK("mask", "--mask", "Mask"),
    STRENGTH("strength", "--strength", "Strength"),
    LATENTS("latents", "--latents", "Latents"),
    BACKGROUND("background", "--background", "Background"),
    FACTOR("factor", "--factor", "Factor"),
    REFERENCES("image", "--reference", "Reference pictures");

    private final String apiName;
    private final String cliName;
    private final String label;

    RequestField(String apiName, String cliName, String label) {
        this.apiName = apiName;
        this.cliName = cliName;
        this.label = label;
    }

    /** The Images API's JSON field name, e.g. {@code guidance_scale}. */
    public String apiName() {
        return apiName;
    }

    /** The CLI's option, e.g. {@code --guidance}. */
    public String cliName() {
        return cliName;
    }

    /** The studio form's label, e.g. {@code Guidance}. */
    public String label() {
        return label;
    }
}
