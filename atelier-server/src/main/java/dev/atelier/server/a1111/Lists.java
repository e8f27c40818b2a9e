package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atelier.server.http.Router;
import dev.atelier.server.service.Json;

/**
 * A1111's lists of things Atelier does not have, answered truthfully so that clients that read them at start-up
 * (SillyTavern reads upscalers, latent upscale modes and VAEs) work: the one upscaler is "None" (hires fix is not
 * offered on {@code txt2img}), and there are no latent upscale modes, VAEs to choose or prompt styles.
 */
final class Lists {
    private Lists() {
    }

    static void register(Router r) {
        r.authed("GET", "/sdapi/v1/upscalers", call -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            list.addObject().put("name", "None").putNull("model_name").putNull("model_path").putNull("model_url").put("scale", 4);
            call.json(200, list);
        });
        for (String path : new String[] {"latent-upscale-modes", "sd-vae", "prompt-styles"}) {
            r.authed("GET", "/sdapi/v1/" + path, call -> call.json(200, Json.MAPPER.createArrayNode()));
        }
    }
}
