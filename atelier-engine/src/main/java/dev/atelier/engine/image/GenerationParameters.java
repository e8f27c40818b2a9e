package dev.atelier.engine.image;

/**
 * What produced an image, written into it in the AUTOMATIC1111 {@code parameters} format that other tools read:
 * <pre>
 * prompt
 * Negative prompt: negative
 * Steps: 20, Sampler: euler, CFG scale: 7.5, Seed: 42, Size: 512x512, Model: atelier-image-1
 * </pre>
 */
public record GenerationParameters(String prompt, String negativePrompt, int steps, String sampler,
                                   double guidance, long seed, int width, int height, String model, Double strength,
                                   String initImage, boolean inpainted) {

    /** A text-to-image image's parameters. */
    public GenerationParameters(String prompt, String negativePrompt, int steps, String sampler, double guidance,
                                long seed, int width, int height, String model) {
        this(prompt, negativePrompt, steps, sampler, guidance, seed, width, height, model, null, null, false);
    }

    /**
     * These parameters with an edit's: A1111's {@code Denoising strength}, then {@code Init image} (the start image's
     * file name, or null) and {@code Mask: yes} for inpainting.
     */
    public GenerationParameters withEdit(double strength, String initImage, boolean inpainted) {
        return new GenerationParameters(prompt, negativePrompt, steps, sampler, guidance, seed, width, height, model,
                strength, initImage, inpainted);
    }

    public String toA1111() {
        var sb = new StringBuilder(prompt);
        if (negativePrompt != null && !negativePrompt.isEmpty()) sb.append("\nNegative prompt: ").append(negativePrompt);
        sb.append("\nSteps: ").append(steps)
                .append(", Sampler: ").append(sampler)
                .append(", CFG scale: ").append(formatNumber(guidance))
                .append(", Seed: ").append(seed)
                .append(", Size: ").append(width).append('x').append(height)
                .append(", Model: ").append(model);
        if (strength != null) sb.append(", Denoising strength: ").append(formatNumber(strength));
        if (initImage != null) sb.append(", Init image: ").append(initImage.replace(',', '_'));
        if (inpainted) sb.append(", Mask: yes");
        return sb.toString();
    }

    /**
     * The prompt of a {@code parameters} text in this format (everything before the {@code Negative prompt:} line or,
     * without one, before the last line), or empty if the text has a single line or none.
     */
    public static java.util.Optional<String> promptIn(String a1111) {
        if (a1111 == null) return java.util.Optional.empty();
        int negative = a1111.indexOf("\nNegative prompt: ");
        int end = negative >= 0 ? negative : a1111.lastIndexOf('\n');
        return end <= 0 ? java.util.Optional.empty() : java.util.Optional.of(a1111.substring(0, end));
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
