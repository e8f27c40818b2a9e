package dev.atelier.server.api;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.server.models.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the installed model packages, in OpenAI's list shape. */
public final class ModelsApi {
    private final ModelCatalog models;

    public ModelsApi(ModelCatalog models) {
        this.models = models;
    }

    public void register(Router r) {
        r.authed("GET", "/v1/models", this::list);
        r.authed("GET", "/v1/models/{id}", this::one);
    }

    private void list(HttpCall call) throws IOException {
        ObjectNode body = Json.object().put("object", "list");
        var data = body.putArray("data");
        for (String name : models.names()) {
            try {
                data.add(describe(models.find(name).orElseThrow()));
            } catch (RuntimeException e) {
                // a broken package is left out of the list; its error is in the log when it is used
            }
        }
        call.json(200, body);
    }

    private void one(HttpCall call) throws IOException {
        String id = call.pathParam("id");
        ModelPackage pkg = models.find(id).orElseThrow(() -> new ApiException(new ApiError.NotFound(
                "The model '" + id + "' does not exist.", "model", "model_not_found")));
        call.json(200, describe(pkg));
    }

    /** A model in the OpenAI list shape, with Atelier's sizes and defaults. */
    public static ObjectNode describe(ModelPackage pkg) {
        ObjectNode m = Json.object();
        m.put("id", pkg.name());
        m.put("object", "model");
        long created;
        try {
            created = Files.getLastModifiedTime(pkg.root().resolve("model_index.json")).toMillis() / 1000;
        } catch (IOException e) {
            created = 0;
        }
        m.put("created", created);
        m.put("owned_by", "atelier");
        var d = pkg.defaults();
        ObjectNode a = m.putObject("atelier");
        a.put("default_size", d.sizes().isEmpty() ? d.sampleSize() + "x" + d.sampleSize() : d.sizes().getFirst()[0] + "x" + d.sizes().getFirst()[1]);
        var sizes = a.putArray("sizes");
        d.sizes().forEach(s -> sizes.add(s[0] + "x" + s[1]));
        a.put("size_multiple", d.sizeMultiple());
        a.put("default_steps", d.steps());
        a.put("default_guidance_scale", d.guidance());
        pkg.vocabulary().ifPresent(v -> {  // a model trained on a few emoji lists them
            var labels = a.putArray("vocabulary");
            v.entries().forEach(e -> labels.add(e.label()));
        });
        return m;
    }
}
