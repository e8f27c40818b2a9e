package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.http.Router;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.Json;
import java.util.Map;

/**
 * Errors under {@code /sdapi/} in AUTOMATIC1111's shape, {@code {"error", "detail", "body", "errors"}}: {@code error}
 * is Atelier's error code ({@code invalid_value}, {@code moderation_blocked}, {@code invalid_api_key}, ...),
 * {@code detail} the message, {@code errors} status and message as A1111 words an HTTP exception. A request the
 * server cannot honour is a 422, as A1111's validation errors; the other statuses are the Images API's.
 */
final class A1111Errors implements Router.ErrorShape {
    // the engine's resolver names fields by the Images API's names; A1111 clients sent these
    private static final Map<String, String> FIELDS = Map.of("guidance_scale", "cfg_scale", "size", "width and height",
            "n", "batch_size", "image", "init_images", "strength", "denoising_strength", "model", "sd_model_checkpoint");

    @Override
    public int status(ApiError e) {
        return e instanceof ApiError.InvalidRequest ? 422 : e.status();
    }

    @Override
    public Object body(ApiError e) {
        String detail = message(e);
        ObjectNode body = Json.object();
        body.put("error", e.code());
        body.put("detail", detail);
        body.put("body", "");
        body.put("errors", status(e) + ": " + detail);
        return body;
    }

    private static String message(ApiError e) {
        String m = e.message();
        String param = e.param();
        String a1111 = param == null ? null : FIELDS.get(param);
        if (a1111 != null && m.startsWith("'" + param + "'")) m = "'" + a1111 + "'" + m.substring(param.length() + 2);
        // the Images API's size "auto" is, in A1111's fields, width and height left out
        if ("size".equals(param)) m = m.replace("supported: auto, ", "supported (or leave both out for the model's default): ");
        return m;
    }
}
