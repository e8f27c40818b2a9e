package dev.atelier.server.api;

import dev.atelier.server.service.ApiException;
import static dev.atelier.server.http.JsonFields.bool;
import static dev.atelier.server.http.JsonFields.integer;
import static dev.atelier.server.http.JsonFields.oneOf;
import static dev.atelier.server.http.JsonFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.Generations;
import java.util.Set;

/**
 * Reads an image generation body (OpenAI's fields plus Atelier's extensions) into a typed draft: unknown fields and
 * wrong types are 400s that name the field. Defaults and the checks against the model are the generation
 * service's (the engine's resolver); this class knows only the wire format.
 */
public final class ImageRequestParser {
    private static final Set<String> FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "output_format", "output_compression", "user", "stream", "partial_images", "background", "moderation",
            "style", "negative_prompt", "seed", "steps", "guidance_scale", "scheduler");

    /** A parsed request: what to make, and whether the client asked for a stream. */
    public record Parsed(Generations.Draft draft, boolean stream) {
    }

    private ImageRequestParser() {
    }

    /** Parses {@code body}; {@code deployment} (an Azure deployment) replaces the body's model when not null. */
    public static Parsed parse(JsonNode body, String deployment) {
        JsonFields.onlyKnown(body, FIELDS, f -> "Unknown parameter: '" + f + "'.");
        return parse(body, deployment, JsonFields.imageRequest(body), null);
    }

    /**
     * Parses an edit's fields (from its multipart form, typed by {@link EditForm}) with the start image and mask
     * already decoded into {@code request}'s init, and their bytes in {@code upload}.
     */
    static Parsed parseEdit(JsonNode body, String deployment, ImageRequest request, Generations.Upload upload) {
        return parse(body, deployment, request, upload);
    }

    private static Parsed parse(JsonNode body, String deployment, ImageRequest request, Generations.Upload upload) {
        String quality = string(body, "quality", "auto");  // echoed back as the client wrote it
        String responseFormat = oneOf(body, "response_format", "b64_json", Set.of("b64_json", "url"));
        String outputFormat = oneOf(body, "output_format", "png", Set.of("png", "jpeg", "jpg", "webp"));
        if (outputFormat.equals("jpg")) outputFormat = "jpeg";
        int compression = integer(body, "output_compression", 100, 0, 100);
        String user = string(body, "user", "");
        if (user.length() > 200) throw ApiException.invalid("'user' must be at most 200 characters.", "user");
        boolean stream = bool(body, "stream", false);
        int partials = integer(body, "partial_images", 0, 0, JobSpec.MAX_PARTIAL_IMAGES);
        if (partials > 0 && !stream) throw ApiException.invalid("'partial_images' needs 'stream': true.", "partial_images");
        if (stream && responseFormat.equals("url")) {
            throw ApiException.invalid("streamed images are sent as b64_json; response_format 'url' cannot be streamed.", "response_format");
        }
        if (request.background() == Background.TRANSPARENT && outputFormat.equals("jpeg")) {
            // as OpenAI: JPEG has no alpha channel
            throw ApiException.invalid("'background' 'transparent' needs output_format 'png' or 'webp' (JPEG has no alpha channel); "
                    + "got output_format 'jpeg'.", "background");
        }
        String moderation = oneOf(body, "moderation", "auto", Set.of("auto", "low"));
        oneOf(body, "style", "vivid", Set.of("vivid", "natural"));
        String model = deployment != null ? deployment : string(body, "model", null);
        var output = new JobSpec.Output(outputFormat, compression, partials, user, quality, responseFormat);
        return new Parsed(new Generations.Draft(model, request, output, moderation, upload), stream);
    }
}
