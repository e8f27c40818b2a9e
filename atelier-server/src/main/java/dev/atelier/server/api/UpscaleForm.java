package dev.atelier.server.api;

import dev.atelier.server.http.Multipart;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/images/upscale}'s multipart form (docs/edits.md, "Upscaling"): the file {@code image} and the text
 * fields {@code factor} (2 or 4, default 2), {@code model}, {@code prompt}, {@code strength}, {@code seed},
 * {@code response_format}, {@code output_format}, {@code output_compression}, {@code user}, {@code moderation}. The
 * values' ranges are the engine's {@code UpscaleRequest} checks, applied in {@code Generations.submitUpscale}.
 */
final class UpscaleForm {
    private static final Set<String> FIELDS = Set.of("factor", "model", "prompt", "strength", "seed", "response_format",
            "output_format", "output_compression", "user", "moderation");

    private UpscaleForm() {
    }

    /** Reads the form; {@code deployment} (an Azure deployment) replaces the form's model when not null. */
    static Generations.UpscaleDraft parse(List<Multipart.Part> parts, String deployment) {
        Multipart.Part image = null;
        Map<String, String> f = new HashMap<>();
        for (Multipart.Part p : parts) {
            if (p.name().equals("image")) {
                if (image != null) throw ApiException.invalid("'image' may be given once.", "image");
                image = p;
            } else if (!FIELDS.contains(p.name())) {
                throw ApiException.invalid("Unknown parameter: '" + p.name() + "'.", p.name());
            } else if (p.isFile()) {
                throw ApiException.invalid("'" + p.name() + "' must be a text field, not a file.", p.name());
            } else f.put(p.name(), p.text().trim());
        }
        if (image == null) throw ApiException.invalid("'image' is required: the PNG, JPEG or WebP file to upscale.", "image");
        String format = choice(f, "output_format", "png", Set.of("png", "jpeg", "webp"));
        String response = choice(f, "response_format", "b64_json", Set.of("b64_json", "url"));
        String moderation = choice(f, "moderation", "auto", Set.of("auto", "low"));
        int compression = (int) integer(f, "output_compression", 100);
        if (compression < 0 || compression > 100) {
            throw ApiException.invalid("'output_compression' must be between 0 and 100, got " + compression + ".", "output_compression");
        }
        var output = new JobSpec.Output(format, compression, 0, f.get("user"), "auto", response);
        String name = image.filename() == null || image.filename().isBlank() ? "image" : image.filename();
        Double strength = f.containsKey("strength") ? number(f, "strength") : null;
        Long seed = f.containsKey("seed") ? integer(f, "seed", 0) : null;
        return new Generations.UpscaleDraft(deployment != null ? deployment : f.get("model"), image.data(), name, (int) integer(f, "factor", 2), f.get("prompt"),
                strength, seed, output, moderation);
    }

    private static String choice(Map<String, String> f, String field, String dflt, Set<String> allowed) {
        String v = f.getOrDefault(field, dflt);
        if (!allowed.contains(v)) {
            throw ApiException.invalid("'" + field + "' must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + ", got '" + v + "'.", field);
        }
        return v;
    }

    private static long integer(Map<String, String> f, String field, long dflt) {
        if (!f.containsKey(field)) return dflt;
        try {
            return Long.parseLong(f.get(field));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'" + field + "' must be an integer, got '" + f.get(field) + "'.", field);
        }
    }

    private static double number(Map<String, String> f, String field) {
        try {
            return Double.parseDouble(f.get(field));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'" + field + "' must be a number, got '" + f.get(field) + "'.", field);
        }
    }
}
