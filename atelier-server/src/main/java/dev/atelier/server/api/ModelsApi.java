package dev.atelier.server.api;

import dev.atelier.server.service.Json;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.models.ModelDescription;
import java.io.IOException;

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
                data.add(ModelDescription.of(models.find(name).orElseThrow()));
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
        call.json(200, ModelDescription.of(pkg));
    }
}
