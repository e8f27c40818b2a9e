package dev.atelier.server.models;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.RequestResolver;
import java.io.IOException;
import java.nio.file.Files;

/** How a model package is described to clients: the API's model list and the studio's model picker. */
public final class ModelDescription {
    private ModelDescription() {
    }

    /** A model in OpenAI's model-object shape, with Atelier's sizes and defaults under {@code atelier}. */
    public static ObjectNode of(ModelPackage pkg) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
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
        int[] size = RequestResolver.defaultSize(d);
        a.put("default_size", size[0] + "x" + size[1]);
        var sizes = a.putArray("sizes");
        d.sizes().forEach(s -> sizes.add(s[0] + "x" + s[1]));
        a.put("size_multiple", d.sizeMultiple());
        a.put("default_steps", d.steps());
        a.put("default_guidance_scale", d.guidance());
        a.put("transparency", pkg.capabilities().transparency());  // whether background 'transparent' is allowed
        a.put("reference_images", pkg.capabilities().references());  // further image[] files an edit may send
        pkg.vocabulary().ifPresent(v -> {  // a model trained on a few emoji lists them
            var labels = a.putArray("vocabulary");
            v.entries().forEach(e -> labels.add(e.label()));
        });
        return m;
    }
}
