package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.sched.SchedulerConfig;
import java.util.List;
import java.util.Locale;

/**
 * What a caller asks for, before the model's defaults and checks: every field but the prompt may be null ("the
 * model's default"). {@link RequestResolver#resolve} turns it into the one request the generators run. The CLI,
 * the server, the studio, the arena, the bench and the evaluation all build one of these; none applies defaults or
 * checks itself.
 *
 * @param prompt          what to draw
 * @param negativePrompt  what to steer away from, or null
 * @param width           pixels, or null for the model's default size
 * @param height          pixels, or null for the model's default size
 * @param steps           denoising steps, or null for the model's default (scaled by {@code quality})
 * @param quality         a preset that scales the default steps, or null
 * @param guidance        classifier-free guidance scale, or null for the model's default
 * @param scheduler       a scheduler name ({@code SchedulerKind}), or null for the model's own
 * @param karras          use Karras sigmas (schedulers that have them)
 * @param schedulerConfig a diffusers scheduler config to use instead of the model's, or null
 * @param seed            seed of image 0, or null for a random one
 * @param count           images, or null for one
 * @param init            the image to start from (image-to-image, inpainting), or null for text-to-image
 * @param latents         starting noise {@code // [count, C, h, w]} (reproduces reference runs), or null
 * @param background      opaque, transparent or auto ({@link Background}), or null for auto
 * @param references      reference pictures for a model that draws from them ({@code ModelPackage.Capabilities.references}),
 *                        in order; null or empty for none
 */
public record ImageRequest(String prompt, String negativePrompt, Integer width, Integer height, Integer steps,
                           Quality quality, Double guidance, String scheduler, boolean karras,
                           SchedulerConfig schedulerConfig, Long seed, Integer count, InitImage init, NpyArray latents,
                           Background background, List<RgbImage> references) {
    public ImageRequest {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A request for {@code prompt} at the model's defaults; set the rest on the builder. */
    public static Builder of(String prompt) {
        return new Builder(prompt);
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        var b = new Builder(prompt);
        b.negativePrompt = negativePrompt;
        b.width = width;
        b.height = height;
        b.steps = steps;
        b.quality = quality;
        b.guidance = guidance;
        b.scheduler = scheduler;
        b.karras = karras;
        b.schedulerConfig = schedulerConfig;
        b.seed = seed;
        b.count = count;
        b.init = init;
        b.latents = latents;
        b.background = background;
        b.references = references;
        return b;
    }

    /** Builds an {@link ImageRequest}; unset fields stay null (the model's default). */
    public static final class Builder {
        private final String prompt;
        private String negativePrompt;
        private Integer width;
        private Integer height;
        private Integer steps;
        private Quality quality;
        private Double guidance;
        private String scheduler;
        private boolean karras;
        private SchedulerConfig schedulerConfig;
        private Long seed;
        private Integer count;
        private InitImage init;
        private NpyArray latents;
        private Background background;
        private List<RgbImage> references;

        private Builder(String prompt) {
            this.prompt = prompt;
        }

        public Builder negativePrompt(String v) {
            negativePrompt = v;
            return this;
        }

        public Builder width(Integer v) {
            width = v;
            return this;
        }

        public Builder height(Integer v) {
            height = v;
            return this;
        }

        /**
         * Width and height from {@code WIDTHxHEIGHT} (e.g. {@code 512x512}); {@code auto} or null keeps the model's.
         *
         * @throws InvalidRequestException if the text has another shape
         */
        public Builder size(String text) {
            if (text == null || text.equalsIgnoreCase("auto")) {
                width = null;
                height = null;
                return this;
            }
            String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
            try {
                if (parts.length != 2) throw new NumberFormatException();
                width = Integer.parseInt(parts[0].trim());
                height = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(RequestField.SIZE, "must be 'auto' or WIDTHxHEIGHT, e.g. '256x256'; got '" + text + "'");
            }
            return this;
        }

        public Builder steps(Integer v) {
            steps = v;
            return this;
        }

        public Builder quality(Quality v) {
            quality = v;
            return this;
        }

        public Builder guidance(Double v) {
            guidance = v;
            return this;
        }

        public Builder scheduler(String v) {
            scheduler = v;
            return this;
        }

        public Builder karras(boolean v) {
            karras = v;
            return this;
        }

        public Builder schedulerConfig(SchedulerConfig v) {
            schedulerConfig = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public Builder count(Integer v) {
            count = v;
            return this;
        }

        public Builder init(InitImage v) {
            init = v;
            return this;
        }

        public Builder latents(NpyArray v) {
            latents = v;
            return this;
        }

        public Builder background(Background v) {
            background = v;
            return this;
        }

        /** Reference pictures (docs/edits.md, "Reference pictures"), or null for none. */
        public Builder references(List<RgbImage> v) {
            references = v;
            return this;
        }

        public ImageRequest build() {
            return new ImageRequest(prompt, negativePrompt, width, height, steps, quality, guidance, scheduler, karras,
                    schedulerConfig, seed, count, init, latents, background, references);
        }
    }
}
