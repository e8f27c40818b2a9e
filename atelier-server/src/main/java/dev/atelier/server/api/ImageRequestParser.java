package dev.atelier.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.models.ModelCatalog;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an image generation body (OpenAI's fields plus Atelier's extensions) strictly: unknown fields, wrong
 * types and values the model cannot honour are 400s that name the field.
 */
public final class ImageRequestParser {
    private static final Set<String> FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "output_format", "output_compression", "user", "stream", "partial_images", "background", "moderation",
            "style", "negative_prompt", "seed", "steps", "guidance_scale", "scheduler");
    private static final Map<String, Double> QUALITY_STEPS = Map.of("auto", 1.0, "standard", 1.0, "medium", 1.0,
            "low", 0.5, "high", 2.0, "hd", 2.0);

    /** Limits the parser enforces. */
    public record Limits(int maxPromptChars, int maxSide, int maxSteps) {
        public Limits {
            if (maxPromptChars < 1) throw new IllegalArgumentException("max prompt length must be ≥ 1, got " + maxPromptChars);
            if (maxSide < 8) throw new IllegalArgumentException("max side must be ≥ 8, got " + maxSide);
            if (maxSteps < 1) throw new IllegalArgumentException("max steps must be ≥ 1, got " + maxSteps);
        }
    }

    /** A parsed request: the job to run, and whether the client asked for a stream. */
    public record Parsed(JobSpec spec, boolean stream) {
    }

    private final ModelCatalog models;
    private final Limits limits;

    public ImageRequestParser(ModelCatalog models, Limits limits) {
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
        ModelDefaults geo = pkg.defaults();

        String prompt = string(body, "prompt", null);
        if (prompt == null || prompt.isBlank()) throw ApiException.invalid("'prompt' is required and must not be empty.", "prompt");
        if (prompt.length() > limits.maxPromptChars()) {
            throw ApiException.invalid("'prompt' is too long: " + prompt.length() + " characters, the limit is "
                    + limits.maxPromptChars() + ".", "prompt");
        }
        String negative = string(body, "negative_prompt", "");
        if (negative.length() > limits.maxPromptChars()) {
            throw ApiException.invalid("'negative_prompt' is too long: the limit is " + limits.maxPromptChars() + " characters.", "negative_prompt");
        }
        int n = integer(body, "n", 1, 1, JobSpec.MAX_IMAGES);
        int[] wh = size(string(body, "size", "auto"), geo);
        String quality = oneOf(body, "quality", "auto", QUALITY_STEPS.keySet());
        int defaultSteps = Math.max(1, (int) Math.round(geo.steps() * QUALITY_STEPS.get(quality)));
        int steps = integer(body, "steps", Math.min(defaultSteps, limits.maxSteps()), 1, limits.maxSteps());
        double guidance = number(body, "guidance_scale", geo.guidance(), 0, 30);
        Long seed = body.has("seed") && !body.get("seed").isNull() ? (long) integer(body, "seed", 0, 0, Integer.MAX_VALUE) : null;
        String scheduler = string(body, "scheduler", null);
        if (scheduler != null) {
            try {
                scheduler = SchedulerKind.lookup(scheduler).cliName();
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(e.getMessage(), "scheduler");
            }
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
        return new Parsed(new JobSpec(pkg.name(), prompt, negative, wh[0], wh[1], steps, guidance, seed, n, scheduler,
                outputFormat, compression, partials, user, quality, responseFormat), stream);
    }

    private int[] size(String size, ModelDefaults geo) {
        if (size.equals("auto")) {
            return geo.sizes().isEmpty() ? new int[] {geo.sampleSize(), geo.sampleSize()} : geo.sizes().getFirst().clone();
        }
        String[] parts = size.toLowerCase(Locale.ROOT).split("x");
        int w;
        int h;
        try {
            if (parts.length != 2) throw new NumberFormatException();
            w = Integer.parseInt(parts[0]);
            h = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'size' must be 'auto' or WIDTHxHEIGHT, e.g. '256x256'; got '" + size + "'.", "size");
        }
        boolean ok = geo.sizes().isEmpty()
                ? w >= geo.sizeMultiple() && h >= geo.sizeMultiple() && w % geo.sizeMultiple() == 0 && h % geo.sizeMultiple() == 0
                        && w <= limits.maxSide() && h <= limits.maxSide()
                : geo.sizes().stream().anyMatch(s -> s[0] == w && s[1] == h);
        if (!ok) {
            String supported = geo.sizes().isEmpty()
                    ? "multiples of " + geo.sizeMultiple() + " up to " + limits.maxSide()
                    : String.join(", ", geo.sizes().stream().map(s -> s[0] + "x" + s[1]).toList());
            throw ApiException.invalid("'size' " + size + " is not supported by this model; supported: auto, " + supported + ".", "size");
        }
        return new int[] {w, h};
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

    private static double number(JsonNode body, String f, double dflt, double min, double max) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isNumber()) throw ApiException.invalid("'" + f + "' must be a number.", f);
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) throw ApiException.invalid("'" + f + "' must be between " + min + " and " + max + ", got " + d + ".", f);
        return d;
    }

    private static boolean bool(JsonNode body, String f, boolean dflt) {
        JsonNode v = body.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw ApiException.invalid("'" + f + "' must be true or false.", f);
        return v.booleanValue();
    }
}
