package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.ApiException;

/**
 * A {@code txt2img} or {@code img2img} body in AUTOMATIC1111's field names, typed. As A1111 (whose pydantic models
 * ignore what they do not know) fields this server does not know are ignored, since clients send many
 * (SillyTavern sends its own {@code url} and {@code auth}); known features it cannot honour, set to anything but
 * their off value, are 422s that say so ({@code enable_hr}, {@code restore_faces}, {@code tiling}, {@code styles},
 * {@code script_name}, {@code alwayson_scripts}, {@code subseed_strength}). Defaults and checks against the model
 * are the engine's resolver's, as for every front end.
 *
 * @param prompt       {@code prompt}
 * @param negative     {@code negative_prompt}, or null
 * @param seed         {@code seed}, null for -1 (random)
 * @param sampler      {@code sampler_name} (or the older {@code sampler_index}), null for the model's own
 * @param scheduler    {@code scheduler} ({@code Automatic}, {@code Karras}), or null
 * @param batchSize    {@code batch_size}, at least 1
 * @param nIter        {@code n_iter}, at least 1; {@code batchSize * nIter} images in all, at most {@link JobSpec#MAX_IMAGES}
 * @param steps        {@code steps}, or null for the model's default
 * @param cfgScale     {@code cfg_scale}, or null for the model's default
 * @param width        {@code width}, or null for the model's default
 * @param height       {@code height}, or null for the model's default
 * @param checkpoint   {@code override_settings.sd_model_checkpoint}, or null
 * @param sendImages   {@code send_images}: whether the images are in the response
 * @param init         img2img: the start image's bytes ({@code init_images[0]}), else null
 * @param mask         img2img: the mask's bytes in the engine's convention (white = redraw), or null
 * @param strength     img2img: {@code denoising_strength} (A1111's default 0.75 when left out), else null
 */
record A1111Request(String prompt, String negative, Long seed, String sampler, String scheduler, int batchSize, int nIter,
                    Integer steps, Double cfgScale, Integer width, Integer height, String checkpoint, boolean sendImages,
                    byte[] init, byte[] mask, Double strength) {
    /**
     * The fields of A1111's {@code txt2img} and {@code img2img} request models (modules/api/models.py, built from
     * its processing classes): the ones a response echoes in {@code parameters}; others are dropped there, as A1111's
     * pydantic models drop them (SillyTavern's body carries its {@code auth}, which is not sent back).
     */
    static final java.util.Set<String> A1111_FIELDS = java.util.Set.of("prompt", "negative_prompt", "styles", "seed",
            "subseed", "subseed_strength", "seed_resize_from_h", "seed_resize_from_w", "sampler_name", "sampler_index",
            "scheduler", "batch_size", "n_iter", "steps", "cfg_scale", "width", "height", "restore_faces", "tiling",
            "do_not_save_samples", "do_not_save_grid", "eta", "denoising_strength", "s_min_uncond", "s_churn", "s_tmax",
            "s_tmin", "s_noise", "override_settings", "override_settings_restore_afterwards", "refiner_checkpoint",
            "refiner_switch_at", "disable_extra_networks", "comments", "enable_hr", "firstphase_width",
            "firstphase_height", "hr_scale", "hr_upscaler", "hr_second_pass_steps", "hr_resize_x", "hr_resize_y",
            "hr_checkpoint_name", "hr_sampler_name", "hr_scheduler", "hr_prompt", "hr_negative_prompt", "force_task_id",
            "script_name", "script_args", "send_images", "save_images", "alwayson_scripts", "infotext", "init_images",
            "resize_mode", "image_cfg_scale", "mask", "mask_blur_x", "mask_blur_y", "mask_blur", "mask_round",
            "inpainting_fill", "inpaint_full_res", "inpaint_full_res_padding", "inpainting_mask_invert",
            "initial_noise_multiplier", "latent_mask", "include_init_images");

    /** A1111's {@code denoising_strength} when a request names none. */
    static final double DEFAULT_STRENGTH = 0.75;

    A1111Request {
        if (batchSize < 1) throw ApiException.invalid("'batch_size' must be at least 1, got " + batchSize, "batch_size");
        if (nIter < 1) throw ApiException.invalid("'n_iter' must be at least 1, got " + nIter, "n_iter");
        if ((long) batchSize * nIter > JobSpec.MAX_IMAGES) {
            throw ApiException.invalid("batch_size x n_iter = " + batchSize + " x " + nIter + " = " + (long) batchSize * nIter
                    + " images; at most " + JobSpec.MAX_IMAGES + " images per request", "batch_size");
        }
        if (mask != null && init == null) throw ApiException.invalid("'mask' needs an image in 'init_images'", "mask");
    }

    /** Images in all: {@code batch_size * n_iter}. */
    int count() {
        return batchSize * nIter;
    }

    /** Reads a {@code txt2img} body. */
    static A1111Request txt2img(JsonNode body) {
        return read(body, false);
    }

    /** Reads an {@code img2img} body: {@code init_images} (one), {@code mask}, {@code denoising_strength}. */
    static A1111Request img2img(JsonNode body) {
        return read(body, true);
    }

    private static A1111Request read(JsonNode b, boolean img2img) {
        refuseUnsupported(b);
        Long seed = A1111Fields.longOrNull(b, "seed");
        if (seed != null && seed == -1) seed = null;
        String sampler = A1111Fields.string(b, "sampler_name");
        if (sampler == null || sampler.isBlank()) sampler = A1111Fields.string(b, "sampler_index");
        JsonNode override = b.path("override_settings");
        if (!override.isMissingNode() && !override.isNull() && !override.isObject()) {
            throw ApiException.invalid("'override_settings' must be an object", "override_settings");
        }
        String checkpoint = override.isObject() ? A1111Fields.string(override, "sd_model_checkpoint") : null;
        byte[] init = null;
        byte[] mask = null;
        Double strength = null;
        if (img2img) {
            init = A1111Images.decode(onlyInitImage(b), "init_images");
            String m = A1111Fields.string(b, "mask");
            int invert = A1111Fields.intOr(b, "inpainting_mask_invert", 0);
            if (invert != 0 && invert != 1) throw ApiException.invalid("'inpainting_mask_invert' must be 0 or 1, got " + invert, "inpainting_mask_invert");
            if (m != null && !m.isBlank()) mask = A1111Images.engineMask(A1111Images.decode(m, "mask"), invert == 1);
            // A1111's default, for inpainting too (the engine's own inpainting default is 1)
            strength = A1111Fields.numberOrNull(b, "denoising_strength");
            if (strength == null) strength = DEFAULT_STRENGTH;
        }
        return new A1111Request(A1111Fields.string(b, "prompt"), A1111Fields.string(b, "negative_prompt"), seed, sampler,
                A1111Fields.string(b, "scheduler"), A1111Fields.intOr(b, "batch_size", 1), A1111Fields.intOr(b, "n_iter", 1),
                A1111Fields.intOrNull(b, "steps"), A1111Fields.numberOrNull(b, "cfg_scale"), A1111Fields.intOrNull(b, "width"),
                A1111Fields.intOrNull(b, "height"), checkpoint, A1111Fields.bool(b, "send_images", true), init, mask, strength);
    }

    private static String onlyInitImage(JsonNode b) {
        JsonNode images = b.get("init_images");
        if (images == null || images.isNull() || (images.isArray() && images.isEmpty())) {
            throw ApiException.invalid("'init_images' is required: a list with one base64 image", "init_images");
        }
        if (!images.isArray()) throw ApiException.invalid("'init_images' must be a list of base64 images", "init_images");
        if (images.size() > 1) {
            throw ApiException.invalid("'init_images' has " + images.size() + " images; the models edit one image per request", "init_images");
        }
        if (!images.get(0).isTextual()) throw ApiException.invalid("'init_images' must be a list of base64 strings", "init_images");
        return images.get(0).asText();
    }

    // features A1111 has and Atelier's A1111 endpoints do not: asked for, they are refused rather than dropped
    private static void refuseUnsupported(JsonNode b) {
        if (A1111Fields.bool(b, "enable_hr", false)) {
            throw ApiException.invalid("'enable_hr' (hires fix) is not supported here; generate, then upscale with "
                    + "POST /v1/images/upscale", "enable_hr");
        }
        if (A1111Fields.bool(b, "restore_faces", false)) throw ApiException.invalid("'restore_faces' is not supported", "restore_faces");
        if (A1111Fields.bool(b, "tiling", false)) throw ApiException.invalid("'tiling' is not supported", "tiling");
        String script = A1111Fields.string(b, "script_name");
        if (script != null && !script.isBlank()) throw ApiException.invalid("scripts are not supported; got 'script_name' '" + script + "'", "script_name");
        JsonNode always = b.get("alwayson_scripts");
        if (always != null && !always.isNull() && !always.isEmpty()) {
            throw ApiException.invalid("scripts are not supported; 'alwayson_scripts' must be empty", "alwayson_scripts");
        }
        JsonNode styles = b.get("styles");
        if (styles != null && !styles.isNull() && !styles.isEmpty()) {
            throw ApiException.invalid("this server has no prompt styles (GET /sdapi/v1/prompt-styles); 'styles' must be empty", "styles");
        }
        Double sub = A1111Fields.numberOrNull(b, "subseed_strength");
        if (sub != null && sub != 0) throw ApiException.invalid("'subseed_strength' (variation seeds) is not supported; it must be 0", "subseed_strength");
    }
}
