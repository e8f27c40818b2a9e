package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Generations;
import dev.atelier.server.service.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A1111's "loaded checkpoint", per API key: the model that key's A1111 requests use unless a request names one in
 * {@code override_settings.sd_model_checkpoint}. A1111 holds one checkpoint for the whole server; Atelier has every
 * installed model ready, so choosing one ({@code POST /sdapi/v1/options}) is cheap, affects only the caller's key,
 * and lasts until this server process stops. Checkpoint titles are model names.
 */
final class Checkpoints {
    private final ModelCatalog models;
    private final Generations generations;
    private final Map<String, String> chosen = new ConcurrentHashMap<>();

    Checkpoints(ModelCatalog models, Generations generations) {
        this.models = models;
        this.generations = generations;
    }

    /** The checkpoint of {@code keyId}: the one it chose, else the server's default model. */
    String current(String keyId) {
        return chosen.getOrDefault(keyId, models.defaultModel());
    }

    /**
     * The installed model a checkpoint title names: A1111 titles look like {@code name.safetensors [hash]}, so a
     * trailing {@code [hash]} and a {@code .safetensors} or {@code .ckpt} extension are dropped. An unknown one is a 404
     * listing the installed models.
     */
    String resolve(String title) {
        String t = title.strip().replaceFirst("\\s*\\[[0-9a-fA-F]*]$", "").replaceFirst("\\.(safetensors|ckpt)$", "");
        return generations.model(t, "sd_model_checkpoint").name();
    }

    /** {@code GET /sdapi/v1/sd-models}: every installed model, in A1111's {@code SDModelItem} shape. */
    ArrayNode list() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (String name : models.names()) {
            ObjectNode m = list.addObject();
            m.put("title", name);
            m.put("model_name", name);
            m.putNull("hash");
            m.putNull("sha256");
            m.put("filename", name);  // a name, never a path on the server
            m.putNull("config");
        }
        return list;
    }

    /** {@code GET /sdapi/v1/options}: the options A1111 clients read, for {@code keyId}. */
    ObjectNode options(String keyId) {
        ObjectNode o = Json.object();
        o.put("sd_model_checkpoint", current(keyId));
        o.putNull("sd_checkpoint_hash");
        o.put("samples_format", "png");
        o.put("sd_vae", "Automatic");
        o.put("CLIP_stop_at_last_layers", 1);
        return o;
    }

    /**
     * {@code POST /sdapi/v1/options}: applies {@code sd_model_checkpoint} for {@code keyId}; the other options are
     * accepted and left as they are (clients such as Open WebUI send back every option they read). Answers what was
     * applied and what was ignored.
     */
    ObjectNode set(String keyId, JsonNode body) {
        ObjectNode answer = Json.object();
        ObjectNode applied = answer.putObject("applied");
        ArrayNode ignored = answer.putArray("ignored");
        String title = A1111Fields.string(body, "sd_model_checkpoint");
        if (title != null) {
            String name = resolve(title);
            chosen.put(keyId, name);
            applied.put("sd_model_checkpoint", name);
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("sd_model_checkpoint")) ignored.add(f);
        });
        if (body.has("sd_model_checkpoint") && title == null) {
            throw ApiException.invalid("'sd_model_checkpoint' must be a model name", "sd_model_checkpoint");
        }
        return answer;
    }
}
