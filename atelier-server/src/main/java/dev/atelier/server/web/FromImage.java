package dev.atelier.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.StoredImage;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A studio job that starts from one of the user's own images ({@code "from_image": "img_…"}) or from an uploaded
 * picture ({@code "image"}, a PNG or JPEG data URL): Vary (image-to-image
 * from its pixels) and Edit (with a {@code mask}, a PNG data URL whose transparent pixels mark the area to redraw).
 * The one place where "an image of this user" becomes an edit's {@link Generations.Upload}: the stored PNG's bytes are
 * the start image, so the job records them like an uploaded file, and the source image's id is the edit's name
 * (its lineage, {@link #madeFrom}). Fields the request leaves out are the source image's (prompt, negative prompt,
 * model, size, steps, guidance, scheduler); the seed is a new one unless given.
 */
final class FromImage {
    /** A variation's strength when the request names none (as the API's variations). */
    static final double VARY_STRENGTH = 0.6;
    /** The largest mask or uploaded picture accepted, decoded; the request body limit (1 MiB by default) usually binds first. */
    static final int MAX_DATA_BYTES = 6 << 20;
    static final String DATA_URL = "data:image/png;base64,";
    private static final Map<String, String> MASK_TYPES = Map.of("png", DATA_URL);
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", DATA_URL, "jpg", "data:image/jpeg;base64,");
    private static final Pattern IMAGE_ID = Pattern.compile("img_[0-9a-f]{32}");

    private final BiFunction<String, String, Job> ownedImageJob;
    private final ImageStore images;

    /** @param ownedImageJob (user, image id) → the job holding that image of that user, or a 404 */
    FromImage(BiFunction<String, String, Job> ownedImageJob, ImageStore images) {
        this.ownedImageJob = ownedImageJob;
        this.images = images;
    }

    /**
     * The draft for {@code body}, which names {@code from_image} (one of the user's images) or {@code image} (a
     * picture uploaded as a PNG or JPEG data URL); a 404 if the image is not the user's, a 400 naming a bad field.
     */
    Generations.Draft draft(String user, JsonNode body, JobSpec.Output output) {
        byte[] bytes;
        String name;
        ObjectNode fields;
        if (body.hasNonNull("image")) {
            if (body.hasNonNull("from_image")) {
                throw ApiException.invalid("Send 'from_image' (one of your images) or 'image' (an uploaded picture), not both.", "image");
            }
            var upload = dataUrl(body, "image", IMAGE_TYPES, "a PNG or JPEG data URL (data:image/png;base64,… or data:image/jpeg;base64,…)");
            bytes = upload.bytes();
            name = "upload." + upload.type();
            fields = without(body);
        } else {
            name = JsonFields.string(body, "from_image", null);
            Source source = source(user, name);
            bytes = source.png();
            fields = withSourceDefaults(body, source.job().spec());
        }
        var maskUrl = body.hasNonNull("mask") ? dataUrl(body, "mask", MASK_TYPES,
                "a PNG data URL (" + DATA_URL + "…) whose transparent pixels mark the area to change") : null;
        byte[] maskBytes = maskUrl == null ? null : maskUrl.bytes();
        Double strength = JsonFields.numberOrNull(body, "strength");
        if (strength == null && maskBytes == null) strength = VARY_STRENGTH;
        try {
            var mask = maskBytes == null ? null : EditInputs.mask(maskBytes, "mask");
            var init = new InitImage(EditInputs.image(bytes, name), mask, strength, name);
            ImageRequest request = JsonFields.imageRequest(fields).toBuilder().init(init).build();
            return new Generations.Draft(JsonFields.string(fields, "model", null), request, output, "auto",
                    new Generations.Upload(bytes, maskBytes));
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e);
        }
    }

    /** One of the user's images: the studio job that made it and its stored PNG. */
    record Source(Job job, byte[] png) {
    }

    /** The user's image {@code imageId}, or a 404 (another user's, or no such image). */
    Source source(String user, String imageId) {
        Job job = ownedImageJob.apply(user, imageId);
        StoredImage im = job.images().stream().filter(i -> i.id().equals(imageId)).findFirst()
                .orElseThrow(() -> StudioApi.imageNotFound(imageId));
        return new Source(job, images.bytes(im));
    }

    /** The image a job was made from, when it is one of {@code user}'s studio images. */
    Optional<String> madeFrom(String user, Job job) {
        var edit = job.spec().edit();
        if (edit == null || edit.name() == null || !IMAGE_ID.matcher(edit.name()).matches()) return Optional.empty();
        try {
            ownedImageJob.apply(user, edit.name());
            return Optional.of(edit.name());
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode without(JsonNode body) {
        ObjectNode f = body.deepCopy();
        for (String name : new String[] {"from_image", "image", "strength", "mask"}) f.remove(name);
        return f;
    }

    private static ObjectNode withSourceDefaults(JsonNode body, JobSpec s) {
        ObjectNode f = without(body);
        putIfAbsent(f, "prompt", s.prompt());
        putIfAbsent(f, "negative_prompt", s.negativePrompt());
        putIfAbsent(f, "model", s.model());
        putIfAbsent(f, "size", s.size());
        if (absent(f, "steps")) f.put("steps", s.steps());
        if (absent(f, "guidance_scale")) f.put("guidance_scale", s.guidance());
        if (s.scheduler() != null) putIfAbsent(f, "scheduler", s.scheduler());
        return f;
    }

    private static void putIfAbsent(ObjectNode f, String name, String value) {
        if (absent(f, name)) f.put(name, value);
    }

    private static boolean absent(JsonNode f, String name) {
        return !f.hasNonNull(name) || (f.get(name).isTextual() && f.get(name).asText().isBlank());
    }

    private record Decoded(String type, byte[] bytes) {
    }

    // a data URL of one of {@code types} (file extension → data URL prefix), as a canvas's toDataURL() writes it
    private static Decoded dataUrl(JsonNode body, String field, Map<String, String> types, String what) {
        String url = JsonFields.string(body, field, null);
        var type = types.entrySet().stream().filter(t -> url.startsWith(t.getValue())).findFirst()
                .orElseThrow(() -> ApiException.invalid("'" + field + "' must be " + what + ".", field));
        String b64 = url.substring(type.getValue().length());
        if (b64.length() > (MAX_DATA_BYTES / 3 + 1) * 4) {
            throw ApiException.invalid("'" + field + "' is too large: at most " + (MAX_DATA_BYTES >> 20) + " MiB.", field);
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'" + field + "' is not valid base64 after '" + type.getValue() + "'.", field);
        }
        boolean png = dev.atelier.engine.image.PngText.isPng(data);
        if (type.getKey().equals("png") != png) {
            throw ApiException.invalid("'" + field + "' must hold " + (png ? "a JPEG" : "a PNG") + " image as its data URL says; its data is "
                    + (png ? "a PNG" : "not a PNG") + ".", field);
        }
        return new Decoded(type.getKey(), data);
    }
}
