package dev.atelier.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Json;
import dev.atelier.server.service.ImageLinks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool call's arguments read into the generation service's draft. Field names, types and messages are the Images
 * API's ({@link JsonFields}); defaults and the checks against the model are the service's. Images always come back
 * as PNG, as MCP image content and as a signed link.
 */
final class ToolArguments {
    /** The arguments {@code generate_image} takes. */
    static final Set<String> GENERATE = Set.of("prompt", "model", "size", "n", "negative_prompt", "seed", "steps",
            "guidance_scale", "scheduler", "background");
    /** The arguments {@code edit_image} takes: those of {@code generate_image} and the picture, its mask and the strength. */
    static final Set<String> EDIT = union(GENERATE, Set.of("image", "mask", "strength"));

    private ToolArguments() {
    }

    /** {@code generate_image}'s draft; a missing prompt, an unknown argument or a wrong type is a 400 naming it. */
    static Generations.Draft generation(Map<String, Object> arguments) {
        ObjectNode body = read(arguments, GENERATE);
        return draft(body, JsonFields.imageRequest(body), null);
    }

    /** {@code edit_image}'s draft: the picture (and mask) decoded and checked as the edits endpoint does. */
    static Generations.Draft edit(Map<String, Object> arguments, ImageLinks links) {
        ObjectNode body = read(arguments, EDIT);
        byte[] image = picture(body, "image", links);
        if (image == null) {
            throw ApiException.invalid("'image' is required: the PNG or JPEG to edit, base64-encoded (or a data: URL), or the "
                    + "link of an image this server made.", "image");
        }
        byte[] mask = picture(body, "mask", links);
        Double strength = JsonFields.numberOrNull(body, "strength");
        try {
            var start = new InitImage(EditInputs.image(image, "image"), mask == null ? null : EditInputs.mask(mask, "mask"),
                    strength, "image");
            ImageRequest request = JsonFields.imageRequest(body).toBuilder().init(start).build();
            return draft(body, request, new Generations.Upload(image, mask));
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e);
        }
    }

    private static Generations.Draft draft(JsonNode body, ImageRequest request, Generations.Upload upload) {
        var output = new JobSpec.Output("png", 100, 0, "", "auto", "url");
        return new Generations.Draft(JsonFields.string(body, "model", null), request, output, "auto", upload);
    }

    private static ObjectNode read(Map<String, Object> arguments, Set<String> allowed) {
        ObjectNode body = arguments == null ? Json.object() : Json.MAPPER.valueToTree(arguments);
        JsonFields.onlyKnown(body, allowed, f -> "Unknown argument '" + f + "'; this tool takes " + String.join(", ", new TreeSet<>(allowed)) + ".");
        String prompt = JsonFields.string(body, "prompt", null);
        if (prompt == null || prompt.isBlank()) throw ApiException.invalid("'prompt' is required: what the image should show.", "prompt");
        return body;
    }

    // base64 bytes, a data: URL of them, or a signed link of this server's; null when the argument is absent
    private static byte[] picture(JsonNode body, String field, ImageLinks links) {
        String text = JsonFields.string(body, field, null);
        if (text == null) return null;
        if (text.startsWith("http://") || text.startsWith("https://")) return linked(text, field, links);
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma < 0 || !text.substring(0, comma).endsWith(";base64")) {
                throw ApiException.invalid("'" + field + "' is a data: URL without base64 data; send 'data:image/png;base64,...'.", field);
            }
            text = text.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'" + field + "' must be a base64-encoded PNG or JPEG (or a data: URL): " + e.getMessage() + ".", field);
        }
    }

    // only this server's own signed links are opened: other URLs are never fetched
    private static byte[] linked(String link, String field, ImageLinks links) {
        var refused = ApiException.invalid("'" + field + "' is a link this server cannot open: only the links its own tools "
                + "and the Images API return are taken, until they expire; send other images base64-encoded.", field);
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            throw refused;
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith(ImageLinks.FILES_PATH)) throw refused;
        var query = new HashMap<String, String>();
        for (String pair : uri.getQuery() == null ? new String[0] : uri.getQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) query.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return links.open(path.substring(ImageLinks.FILES_PATH.length()), query.get("expires"), query.get("sig"))
                .map(links::bytes).orElseThrow(() -> refused);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
