package dev.atelier.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.Quality;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.models.ModelCatalog;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads an image generation body (OpenAI's fields plus Atelier's extensions) strictly: unknown fields and wrong
 * types are 400s that name the field. The values go to the engine's {@link RequestResolver}, which applies the
 * model's defaults and every check; this class only knows the wire format.
 */
public final class ImageRequestParser {
    private static final Set<String> FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "output_format", "output_compression", "user", "stream", "partial_images", "background", "moderation",
            "style", "negative_prompt", "seed", "steps", "guidance_scale", "scheduler");

    /** A parsed request: the job to run, and whether the client asked for a stream. */
    public record Parsed(JobSpec spec, boolean stream) {
    }

    private final ModelCatalog models;
    private final RequestLimits limits;

    public ImageRequestParser(ModelCatalog models, RequestLimits limits) {
        this.models = models;
        this.limits = limits;
    }

    /** Parses {@code body}; {@code modelOverride} (an Azure deployment) replaces the body's model when not null. */
    public Parsed parse(JsonNode body, String modelOverride) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw ApiException.invalid("Unknown parameter: '" + f + "'.", f);
        }
        String modelName = modelOverride != null ? modelOverride : string(body, "model", models.defaultModel());
        ModelPackage pkg = models.find(modelName).orElseThrow(() -> new ApiException(new ApiError.NotFound(
                "The model '" + modelName + "' does not exist; installed: " + String.join(", ", models.names()),
                modelOverride != null ? "deployment" : "model", "model_not_found")));
        String quality = string(body, "quality", "auto");
        Long seed = longOrNull(body, "seed");
        GenerationRequest r;
        try {
            var request = ImageRequest.of(string(body, "prompt", null)).negativePrompt(string(body, "negative_prompt", null))
                    .size(string(body, "size", null)).quality(Quality.lookup(quality)).steps(intOrNull(body, "steps"))
                    .guidance(numberOrNull(body, "guidance_scale")).scheduler(string(body, "scheduler", null))
                    .seed(seed).count(intOrNull(body, "n")).build();
            r = RequestResolver.resolve(pkg, request, limits);
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e.getMessage() + ".", e.field().apiName());
        }
        String responseFormat = oneOf(body, "response_format", "b64_json", Set.of("b64_json", "url"));
        String outputFormat = oneOf(body, "output_format", "png", Set.of("png", "jpeg", "jpg", "webp"));
        if (outputFormat.equals("webp")) throw ApiException.invalid("output_format 'webp' is not supported; use png or jpeg.", "output_format");
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
        String background = oneOf(body, "background", "auto", Set.of("auto", "opaque", "transparent"));
        if (background.equals("transparent")) throw ApiException.invalid("transparent backgrounds are not supported.", "background");
        oneOf(body, "moderation", "auto", Set.of("auto", "low"));
        oneOf(body, "style", "vivid", Set.of("vivid", "natural"));
        String scheduler = r.scheduler() == null ? null : r.scheduler().kind().cliName();
        return new Parsed(new JobSpec(pkg.name(), r.prompt(), r.negativePrompt(), r.width(), r.height(), r.steps(), r.guidance(),
                seed, r.count(), scheduler, outputFormat, compression, partials, user, quality, responseFormat), stream);
    }

    private static Integer intOrNull(JsonNode body, String f) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.invalid("'" + f + "' must be an integer.", f);
        return v.intValue();
    }

    private static Long longOrNull(JsonNode body, String f) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw ApiException.invalid("'" + f + "' must be an integer.", f);
        return v.longValue();
    }

    private static Double numberOrNull(JsonNode body, String f) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw ApiException.invalid("'" + f + "' must be a number.", f);
        return v.doubleValue();
    }

    private static String string(JsonNode body, String f, String dflt) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw ApiException.invalid("'" + f + "' must be a string.", f);
        return v.asText();
    }

    private static String oneOf(JsonNode body, String f, String dflt, Set<String> allowed) {
        String v = string(body, f, dflt);
        if (!allowed.contains(v)) {
            throw ApiException.invalid("Invalid value '" + v + "' for '" + f + "'; supported: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ".", f);
        }
        return v;
    }

    private static int integer(JsonNode body, String f, int dflt, int min, int max) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.invalid("'" + f + "' must be an integer.", f);
        int i = v.intValue();
        if (i < min || i > max) throw ApiException.invalid("'" + f + "' must be between " + min + " and " + max + ", got " + i + ".", f);
        return i;
    }

    private static boolean bool(JsonNode body, String f, boolean dflt) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw ApiException.invalid("'" + f + "' must be true or false.", f);
        return v.booleanValue();
    }
}
