package dev.atelier.server.a1111;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.image.PngText;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.Json;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A1111's {@code TextToImageResponse}/{@code ImageToImageResponse}: {@code images} (base64 PNGs, each carrying its
 * {@code parameters} text chunk), {@code parameters} (the request echoed, with the values that ran where the client
 * left a field out) and {@code info}, a JSON <em>string</em> with the seeds, sampler, size and each image's infotext.
 */
final class A1111Response {
    private A1111Response() {
    }

    /**
     * The body for {@code job}'s images {@code pngs} (empty when interrupted); {@code body} the request as sent,
     * {@code scheduler} the A1111 scheduler that ran.
     */
    static ObjectNode of(Job job, ModelPackage pkg, A1111Request r, JsonNode body, String scheduler, List<byte[]> pngs,
                         List<Long> seeds, boolean interrupted) {
        JobSpec s = job.spec();
        String sampler = Samplers.nameOf(pkg, s.scheduler());
        ObjectNode out = Json.object();
        ArrayNode images = out.putArray("images");
        if (r.sendImages()) pngs.forEach(p -> images.add(Base64.getEncoder().encodeToString(p)));

        ObjectNode params = Json.object();
        body.properties().forEach(e -> {
            if (A1111Request.A1111_FIELDS.contains(e.getKey())) params.set(e.getKey(), e.getValue().deepCopy());
        });
        params.remove(List.of("init_images", "mask"));
        if (body.path("include_init_images").asBoolean(false)) {
            params.set("init_images", body.get("init_images"));
            params.set("mask", body.get("mask"));
        }
        putIfAbsent(params, "prompt", s.prompt());
        putIfAbsent(params, "negative_prompt", s.negativePrompt());
        if (!params.hasNonNull("seed")) params.put("seed", -1);
        putIfAbsent(params, "sampler_name", sampler);
        putIfAbsent(params, "scheduler", scheduler);
        if (!params.hasNonNull("batch_size")) params.put("batch_size", r.batchSize());
        if (!params.hasNonNull("n_iter")) params.put("n_iter", r.nIter());
        if (!params.hasNonNull("steps")) params.put("steps", s.steps());
        if (!params.hasNonNull("cfg_scale")) params.put("cfg_scale", s.guidance());
        if (!params.hasNonNull("width")) params.put("width", s.width());
        if (!params.hasNonNull("height")) params.put("height", s.height());
        if (s.edit() != null && !params.hasNonNull("denoising_strength")) params.put("denoising_strength", s.edit().strength());
        out.set("parameters", params);

        ObjectNode info = info(job, pkg.name(), sampler, scheduler, r, pngs, seeds, interrupted);
        try {
            out.put("info", Json.MAPPER.writeValueAsString(info));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static ObjectNode info(Job job, String model, String sampler, String scheduler, A1111Request r,
                                   List<byte[]> pngs, List<Long> seeds, boolean interrupted) {
        JobSpec s = job.spec();
        ObjectNode i = Json.object();
        i.put("prompt", s.prompt());
        ArrayNode prompts = i.putArray("all_prompts");
        ArrayNode negatives = i.putArray("all_negative_prompts");
        for (int k = 0; k < seeds.size(); k++) {
            prompts.add(s.prompt());
            negatives.add(s.negativePrompt());
        }
        i.put("negative_prompt", s.negativePrompt());
        if (seeds.isEmpty()) i.put("seed", -1);
        else i.put("seed", seeds.getFirst());
        ArrayNode all = i.putArray("all_seeds");
        seeds.forEach(all::add);
        // variation seeds are not supported: A1111 reports them unused this way
        i.put("subseed", -1);
        ArrayNode subseeds = i.putArray("all_subseeds");
        seeds.forEach(x -> subseeds.add(-1));
        i.put("subseed_strength", 0);
        i.put("width", s.width());
        i.put("height", s.height());
        i.put("sampler_name", sampler);
        i.put("scheduler", scheduler);
        i.put("cfg_scale", s.guidance());
        i.put("steps", s.steps());
        i.put("batch_size", r.batchSize());
        i.put("n_iter", r.nIter());
        i.put("restore_faces", false);
        i.putNull("face_restoration_model");
        i.put("sd_model_name", model);
        i.putNull("sd_model_hash");
        i.putNull("sd_vae_name");
        i.putNull("sd_vae_hash");
        i.put("seed_resize_from_w", -1);
        i.put("seed_resize_from_h", -1);
        if (s.edit() != null) i.put("denoising_strength", s.edit().strength());
        else i.putNull("denoising_strength");
        i.putObject("extra_generation_params");
        i.put("index_of_first_image", 0);
        ArrayNode infotexts = i.putArray("infotexts");
        for (byte[] p : pngs) infotexts.add(PngText.read(p, "parameters").orElse(""));
        i.putArray("styles");
        i.put("job_timestamp", CurrentJobs.TIMESTAMP.format(Instant.ofEpochMilli(job.createdAt())));
        i.put("clip_skip", 1);
        i.put("is_using_inpainting_conditioning", s.edit() != null && s.edit().maskKey() != null);
        i.put("version", "atelier");
        i.put("job", job.id());
        i.put("interrupted", interrupted);
        return i;
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field)) o.put(field, value);
    }
}
