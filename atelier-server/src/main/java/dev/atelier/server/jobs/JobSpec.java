package dev.atelier.server.jobs;

import dev.atelier.engine.pipeline.BatchKey;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.safety.moderation.FilterResults;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * What a job makes: everything a worker needs, resolved against the model by the engine's {@code RequestResolver}
 * (see {@link #of}) when the job was submitted.
 *
 * @param model          installed model name
 * @param prompt         not blank
 * @param negativePrompt may be empty
 * @param width          pixels
 * @param height         pixels
 * @param steps          denoising steps, 1–1000
 * @param guidance       classifier-free guidance scale, 0–100
 * @param seed           seed of image 0, or null for the worker to draw one
 * @param n              images, 1–10
 * @param scheduler      scheduler CLI name, or null for the model's
 * @param outputFormat   {@code png}, {@code jpeg} or {@code webp}
 * @param compression    0–100; JPEG and WebP quality is {@code compression} (OpenAI's {@code output_compression}; WebP
 *                       at 100 is lossless)
 * @param partialImages  preview images to stream, 0–3
 * @param user           end-user id from the request, may be empty
 * @param quality        the quality the client asked for (echoed back)
 * @param responseFormat {@code b64_json} or {@code url}: how results are handed back
 * @param transparent    whether the images have a transparent background (resolved by the engine; only for a model
 *                       with alpha)
 * @param moderation     the moderation level that applies ({@code auto}, or {@code low} where the caller's tier may ask
 *                       for it); null reads as auto
 * @param blind          whether nothing in the images may name the model (arena battles before the vote)
 * @param edit           the picture (and mask) an edit starts from, or null for text-to-image
 * @param upscale        for an upscale (docs/edits.md, "Upscaling"), its factor, 2 or 4, with {@code edit} the picture
 *                       and the hires fix's strength, {@code width x height} the result's size; null for a generation
 * @param promptFilter   the prompt check's results when the job was accepted (the Azure route reports them), or null
 */
public record JobSpec(String model, String prompt, String negativePrompt, int width, int height, int steps,
                      double guidance, Long seed, int n, String scheduler, String outputFormat, int compression,
                      int partialImages, String user, String quality, String responseFormat, boolean transparent,
                      String moderation, boolean blind, Edit edit, Integer upscale,
                      FilterResults promptFilter) {
    public static final int MAX_IMAGES = 10;
    public static final int MAX_PARTIAL_IMAGES = 3;
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "webp");

    public JobSpec {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be empty");
        if (prompt == null || prompt.isBlank()) throw new IllegalArgumentException("prompt must not be empty");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps must be in 1..1000, got " + steps);
        if (!(guidance >= 0) || guidance > 100) throw new IllegalArgumentException("guidance must be in 0..100, got " + guidance);
        if (n < 1 || n > MAX_IMAGES) throw new IllegalArgumentException("n must be in 1.." + MAX_IMAGES + ", got " + n);
        if (!FORMATS.contains(outputFormat)) throw new IllegalArgumentException("output format must be png, jpeg or webp, got " + outputFormat);
        if (compression < 0 || compression > 100) throw new IllegalArgumentException("compression must be in 0..100, got " + compression);
        if (partialImages < 0 || partialImages > MAX_PARTIAL_IMAGES) {
            throw new IllegalArgumentException("partial images must be in 0.." + MAX_PARTIAL_IMAGES + ", got " + partialImages);
        }
        user = user == null ? "" : user;
        quality = quality == null ? "auto" : quality;
        responseFormat = responseFormat == null ? "b64_json" : responseFormat;
        moderation = moderation == null ? "auto" : moderation;
        if (!moderation.equals("auto") && !moderation.equals("low")) {
            throw new IllegalArgumentException("moderation must be auto or low, got " + moderation);
        }
        if (!responseFormat.equals("b64_json") && !responseFormat.equals("url")) {
            throw new IllegalArgumentException("response format must be b64_json or url, got " + responseFormat);
        }
        if (upscale != null && upscale != 2 && upscale != 4) throw new IllegalArgumentException("upscale factor must be 2 or 4, got " + upscale);
    }

    /**
     * How a job's images are handed back.
     *
     * @param outputFormat   {@code png}, {@code jpeg} or {@code webp}
     * @param compression    0–100 (JPEG and WebP quality; WebP at 100 is lossless)
     * @param partialImages  preview images to stream, 0–3
     * @param user           end-user id, may be empty
     * @param quality        the quality preset the client named (echoed back)
     * @param responseFormat {@code b64_json} or {@code url}
     * @param blind          whether nothing in the images may name the model (the arena's)
     */
    public record Output(String outputFormat, int compression, int partialImages, String user, String quality,
                         String responseFormat, boolean blind) {
        public Output(String outputFormat, int compression, int partialImages, String user, String quality, String responseFormat) {
            this(outputFormat, compression, partialImages, user, quality, responseFormat, false);
        }

        /** What the studio asks for: PNG, previews, links, for {@code user}. */
        public static Output web(String user, int partialImages) {
            return new Output("png", 100, partialImages, user, "auto", "url");
        }

        /** What the arena asks for: as the studio, and blind until the vote. */
        public static Output arena(String user) {
            return new Output("png", 100, 0, user, "auto", "url", true);
        }
    }

    /**
     * The job for a resolved request.
     *
     * @param requestedSeed the seed the client named, or null: such jobs may be batched, the worker choosing seeds
     */
    public static JobSpec of(String model, GenerationRequest r, Long requestedSeed, Output o) {
        String scheduler = r.scheduler() == null ? null : r.scheduler().kind().cliName();
        return new JobSpec(model, r.prompt(), r.negativePrompt(), r.width(), r.height(), r.steps(), r.guidance(), requestedSeed,
                r.count(), scheduler, o.outputFormat(), o.compression(), o.partialImages(), o.user(), o.quality(), o.responseFormat(),
                r.transparent(), "auto", o.blind(), null, null, null);
    }

    /** This job at moderation level {@code level} ({@code auto} or {@code low}). */
    public JobSpec withModeration(String level) {
        return new JobSpec(model, prompt, negativePrompt, width, height, steps, guidance, seed, n, scheduler, outputFormat,
                compression, partialImages, user, quality, responseFormat, transparent, level, blind, edit, upscale, promptFilter);
    }

    /** This job as the prompt check passed it: at the level that applies, with the filter's results (null: none rated). */
    public JobSpec withPromptCheck(String level, FilterResults results) {
        return new JobSpec(model, prompt, negativePrompt, width, height, steps, guidance, seed, n, scheduler, outputFormat,
                compression, partialImages, user, quality, responseFormat, transparent, level, blind, edit, upscale, results);
    }

    /** This job starting from the stored pictures of {@code e}. */
    public JobSpec withEdit(Edit e) {
        return new JobSpec(model, prompt, negativePrompt, width, height, steps, guidance, seed, n, scheduler, outputFormat,
                compression, partialImages, user, quality, responseFormat, transparent, moderation, blind, e, upscale, promptFilter);
    }

    /**
     * The job that upscales the stored picture {@code e} by {@code factor} to {@code width x height}; {@code prompt}
     * the hires fix's, or for the learned upsampler, which needs none, the picture's own or "upscale".
     */
    public static JobSpec upscale(String model, String prompt, int width, int height, Long seed, Output o, int factor, Edit e) {
        return new JobSpec(model, prompt, "", width, height, 1, 0, seed, 1, null, o.outputFormat(), o.compression(), 0,
                o.user(), o.quality(), o.responseFormat(), false, "auto", false, e, factor, null);
    }

    /**
     * What an edit starts from, as stored: the uploaded files' blob keys (the worker decodes them as the submission
     * did), the strength, and the image's file name.
     *
     * @param imageKey blob key of the start image
     * @param maskKey  blob key of the mask, or null for image-to-image
     * @param strength in (0, 1], resolved
     * @param name     the start image's file name, or null
     * @param referenceKeys blob keys of the reference pictures, in order; empty for none
     */
    public record Edit(String imageKey, String maskKey, double strength, String name, java.util.List<String> referenceKeys) {
        public Edit {
            if (imageKey == null || imageKey.isBlank()) throw new IllegalArgumentException("an edit needs its start image's key");
            if (!(strength > 0 && strength <= 1)) throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
            referenceKeys = referenceKeys == null ? java.util.List.of() : java.util.List.copyOf(referenceKeys);
        }

        /** An edit without reference pictures. */
        public Edit(String imageKey, String maskKey, double strength, String name) {
            this(imageKey, maskKey, strength, name, java.util.List.of());
        }
    }

    /** The background the images have as delivered: transparent only in a format with alpha (PNG, WebP). */
    public String background() {
        return transparent && !outputFormat.equals("jpeg") ? "transparent" : "opaque";
    }

    public String size() {
        return width + "x" + height;
    }

    /**
     * Jobs with the same key can share one denoiser batch: the same model and the engine's {@link BatchKey} (size,
     * steps, scheduler, guidance on or off); prompts, seeds, counts and the rest may differ, since each image of a
     * batch equals a run of its own request alone. Null when the job must run alone (an edit or an upscale). The
     * engine groups a claimed batch by its exact key again, so this is the queue's pre-filter.
     */
    public String batchKey() {
        if (edit != null || upscale != null) return null;
        var key = new BatchKey(width, height, steps, scheduler == null || scheduler.isBlank() ? "package" : scheduler, guidance > 1.0);
        String text = String.join("\u0000", model, key.toString());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
