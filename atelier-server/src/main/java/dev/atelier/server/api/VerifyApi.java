package dev.atelier.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Multipart;
import dev.atelier.server.http.Router;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Verification;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/images/verify}: the content credentials and the watermark of an image, sent as a
 * {@code multipart/form-data} part {@code image}, as a raw {@code image/png}, {@code image/jpeg} or {@code image/webp}
 * body, or as JSON {@code {"image": BASE64}}.
 */
public final class VerifyApi {
    private static final List<String> RAW_TYPES = List.of("image/png", "image/jpeg", "image/webp");

    private final Verification verification;

    public VerifyApi(Verification verification) {
        this.verification = verification;
    }

    public void register(Router r) {
        r.authed("POST", "/v1/images/verify", this::verify);
    }

    private void verify(HttpCall call) throws IOException {
        call.json(200, Verification.describe(verification.verify(file(call))));
    }

    private static byte[] file(HttpCall call) throws IOException {
        String type = call.header("Content-Type") == null ? "" : call.header("Content-Type").toLowerCase(Locale.ROOT);
        if (Multipart.isMultipart(type)) {
            for (Multipart.Part p : call.multipartBody(4)) if (p.name().equals("image")) return p.data();
            throw ApiException.invalid("the form needs a part named 'image' holding the PNG, JPEG or WebP file", "image");
        }
        if (RAW_TYPES.stream().anyMatch(type::startsWith)) return call.body();
        if (type.startsWith("application/json")) {
            JsonNode image = call.jsonBody().get("image");
            if (image == null || !image.isTextual()) throw ApiException.invalid("'image' is required: the file, base64-encoded", "image");
            try {
                return Base64.getDecoder().decode(image.asText().replaceFirst("^data:image/[a-z]+;base64,", ""));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("'image' is not valid base64", "image");
            }
        }
        throw ApiException.invalid("send the image as multipart/form-data (part 'image'), as an image/png, image/jpeg or "
                + "image/webp body, or as JSON {\"image\": BASE64}; got Content-Type '" + type + "'", null);
    }
}
