package dev.atelier.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.http.Multipart;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/images/edits}'s multipart form, as the official SDKs send it: the files {@code image} or
 * {@code image[]} (up to {@link #MAX_IMAGES}: the first is the picture edited, the others reference pictures for a
 * model that draws from them), an optional {@code mask} (PNG, alpha 0 marks the area to edit, the first image's size),
 * and text fields typed as the JSON request's ({@code n} a number, {@code stream} a boolean...). Atelier adds
 * {@code strength} (0–1].
 */
final class EditForm {
    /** Files and fields one form may hold. */
    static final int MAX_PARTS = 40;
    /** Pictures one edit may send (OpenAI's limit for {@code image[]}). */
    static final int MAX_IMAGES = 16;
    /** An image-to-image edit's default strength with {@code input_fidelity: high} (low: the engine's 0.75). */
    static final double HIGH_FIDELITY_STRENGTH = 0.5;
    /** The largest picture file accepted, when the server's body limit lets one this large through. */
    static final int MAX_FILE_BYTES = 8 << 20;
    private static final Set<String> FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format", "output_format",
            "output_compression", "user", "stream", "partial_images", "background", "moderation", "input_fidelity",
            "negative_prompt", "seed", "steps", "guidance_scale", "scheduler", "strength");
    private static final Set<String> INTEGERS = Set.of("n", "output_compression", "partial_images", "seed", "steps");
    private static final Set<String> NUMBERS = Set.of("guidance_scale", "strength");
    private static final Map<String, Set<String>> CHOICES = Map.of("input_fidelity", Set.of("low", "high"));

    private EditForm() {
    }

    static ImageRequestParser.Parsed parse(List<Multipart.Part> parts, String deployment) {
        ObjectNode body = Json.object();
        var pictures = new ArrayList<Multipart.Part>();
        Multipart.Part mask = null;
        for (Multipart.Part p : parts) {
            switch (p.name()) {
                case "image", "image[]" -> pictures.add(withinLimit(p));
                case "mask" -> mask = withinLimit(p);
                default -> {
                    if (!FIELDS.contains(p.name())) throw ApiException.invalid("Unknown parameter: '" + p.name() + "'.", p.name());
                    if (p.isFile()) throw ApiException.invalid("'" + p.name() + "' must be a text field, not a file.", p.name());
                    put(body, p.name(), p.text());
                }
            }
        }
        if (pictures.isEmpty()) throw ApiException.invalid("'image' is required: the PNG, JPEG or WebP file to edit.", "image");
        if (pictures.size() > MAX_IMAGES) {
            throw ApiException.invalid("at most " + MAX_IMAGES + " images may be sent as 'image[]'; got " + pictures.size() + ".", "image");
        }
        Multipart.Part image = pictures.getFirst();
        List<Multipart.Part> others = pictures.subList(1, pictures.size());
        String fidelity = JsonFields.string(body, "input_fidelity", "low");
        if (!CHOICES.get("input_fidelity").contains(fidelity)) throw ApiException.invalid("'input_fidelity' must be 'low' or 'high'.", "input_fidelity");
        body.remove("input_fidelity");
        Double strength = body.has("strength") ? body.remove("strength").asDouble() : null;
        // high fidelity keeps more of the picture: a lower default strength (a mask's area is redrawn either way)
        if (strength == null && mask == null && fidelity.equals("high")) strength = HIGH_FIDELITY_STRENGTH;
        if (!body.has("prompt")) throw ApiException.invalid("'prompt' is required: what the edited image should show.", "prompt");
        try {
            var picture = EditInputs.image(image.data(), name(image, "image"));
            var maskPicture = mask == null ? null : EditInputs.mask(mask.data(), name(mask, "mask"));
            var references = others.stream().map(p -> EditInputs.reference(p.data(), name(p, "image"))).toList();
            ImageRequest base = JsonFields.imageRequest(body);
            ImageRequest request = base.toBuilder().init(new InitImage(picture, maskPicture, strength, name(image, "image")))
                    .references(references).build();
            return ImageRequestParser.parseEdit(body, deployment, request, new Generations.Upload(image.data(),
                    mask == null ? null : mask.data(), others.stream().map(Multipart.Part::data).toList()));
        } catch (InvalidRequestException e) {
            throw ApiException.invalid(e);
        }
    }

    private static final Set<String> VARIATION_FIELDS = Set.of("model", "n", "size", "response_format", "output_format",
            "output_compression", "user", "strength", "seed", "steps");
    /** How far a variation may go from its image when the request names no strength. */
    static final double VARIATION_STRENGTH = 0.6;

    /**
     * {@code POST /v1/images/variations}'s form: {@code image} and OpenAI's few fields (plus {@code output_format},
     * {@code output_compression}, {@code strength}, {@code seed}, {@code steps}); the prompt is the one the image
     * carries in its {@code parameters} (a PNG this or another A1111-style tool made); an image without one is a 400
     * that points to edits.
     */
    static ImageRequestParser.Parsed parseVariation(List<Multipart.Part> parts, String deployment) {
        var form = new java.util.ArrayList<Multipart.Part>();
        byte[] image = null;
        for (Multipart.Part p : parts) {
            if (p.name().equals("image")) {
                if (image != null) throw ApiException.invalid("'image' may be given once.", "image");
                image = p.data();
                form.add(p);
            } else if (!VARIATION_FIELDS.contains(p.name())) {
                throw ApiException.invalid("Unknown parameter: '" + p.name() + "'.", p.name());
            } else form.add(p);
        }
        if (image == null) throw ApiException.invalid("'image' is required: the PNG to make variations of.", "image");
        String prompt = embeddedPrompt(image).orElseThrow(() -> ApiException.invalid("this image carries no prompt in its "
                + "'parameters'; its models draw from text, so make variations of it with POST /v1/images/edits and a prompt.", "image"));
        form.add(new Multipart.Part("prompt", null, "text/plain", prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (form.stream().noneMatch(p -> p.name().equals("strength"))) {
            form.add(new Multipart.Part("strength", null, "text/plain", Double.toString(VARIATION_STRENGTH).getBytes()));
        }
        return parse(form, deployment);
    }

    // the prompt of the image's A1111 parameters text (one reading of that format: GenerationParameters.promptIn)
    private static java.util.Optional<String> embeddedPrompt(byte[] file) {
        if (!dev.atelier.engine.image.PngText.isPng(file)) return java.util.Optional.empty();
        return dev.atelier.engine.image.PngText.read(file, "parameters")
                .flatMap(dev.atelier.engine.image.GenerationParameters::promptIn).map(String::strip).filter(p -> !p.isEmpty());
    }

    // a file over the limit is refused by name before anything decodes it
    private static Multipart.Part withinLimit(Multipart.Part p) {
        if (p.data().length > MAX_FILE_BYTES) {
            throw ApiException.invalid("'" + name(p, p.name()) + "' is " + p.data().length + " bytes; each image may be at most "
                    + (MAX_FILE_BYTES >> 20) + " MiB.", p.name().equals("mask") ? "mask" : "image");
        }
        return p;
    }

    private static String name(Multipart.Part p, String dflt) {
        return p.filename() == null || p.filename().isBlank() ? dflt : p.filename();
    }

    private static void put(ObjectNode body, String field, String text) {
        try {
            if (INTEGERS.contains(field)) body.put(field, Long.parseLong(text.trim()));
            else if (NUMBERS.contains(field)) body.put(field, Double.parseDouble(text.trim()));
            else if (field.equals("stream")) body.put(field, parseBoolean(field, text));
            else body.put(field, text);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'" + field + "' must be a number, got '" + text + "'.", field);
        }
    }

    private static boolean parseBoolean(String field, String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid("'" + field + "' must be true or false, got '" + text + "'.", field);
        };
    }
}
