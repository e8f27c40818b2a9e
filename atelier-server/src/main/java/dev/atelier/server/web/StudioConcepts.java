package dev.atelier.server.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.engine.library.Library;
import dev.atelier.engine.library.Retriever;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.Vocabulary;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What a model can draw, for the studio's prompt box: the emoji an Atelier model was trained on (its vocabulary) or
 * the entries of a retrieval model's reference library, searchable by {@code GET /studio/api/models/{m}/concepts?q=},
 * and the warning a result gets when its prompt names none of them. A model with neither (Stable Diffusion) draws
 * from open text: no list, no warning.
 */
final class StudioConcepts {
    /** Most concepts one search answers. */
    static final int LIMIT = 50;

    /** A concept: its label, its emoji if it has one, and the words a prompt may use for it. */
    record Concept(String label, String emoji, List<String> names) {
        Concept {
            names = List.copyOf(names);
        }

        boolean matches(String q) {
            return q.isEmpty() || label.toLowerCase(Locale.ROOT).contains(q) || names.stream().anyMatch(n -> n.contains(q));
        }
    }

    /**
     * What one model knows: {@code vocabulary} or {@code library}, its concepts, and whether a prompt names one (the
     * engine's own matching: the vocabulary's, or the library's retriever, which also knows tag names and unspaced
     * scripts).
     */
    record Known(String kind, List<Concept> concepts, Predicate<String> namesOne) {
        Known {
            concepts = List.copyOf(concepts);
        }
    }

    private final ModelCatalog models;
    private final ConcurrentHashMap<String, Optional<Known>> cache = new ConcurrentHashMap<>();

    StudioConcepts(ModelCatalog models) {
        this.models = models;
    }

    void register(Router r) {
        r.open("GET", "/studio/api/models/{model}/concepts", this::search);
    }

    private void search(HttpCall call) throws IOException {
        String model = call.pathParam("model");
        if (models.find(model).isEmpty()) {
            throw new ApiException(new ApiError.NotFound("No model '" + model + "' on this server; installed: "
                    + String.join(", ", models.names()) + ".", "model", "model_not_found"));
        }
        String q = call.query("q") == null ? "" : call.query("q").trim().toLowerCase(Locale.ROOT);
        if (q.length() > 100) throw ApiException.invalid("the search text must be at most 100 characters", "q");
        Optional<Known> known = known(model);
        ObjectNode body = Json.object().put("model", model).put("q", q).put("kind", known.map(Known::kind).orElse("open"));
        List<Concept> all = known.map(Known::concepts).orElse(List.of());
        List<Concept> hits = all.stream().filter(c -> c.matches(q)).toList();
        body.put("total", all.size()).put("matches", hits.size());
        var list = body.putArray("concepts");
        for (Concept c : hits.subList(0, Math.min(LIMIT, hits.size()))) {
            ObjectNode o = list.addObject().put("label", c.label());
            if (c.emoji() != null) o.put("emoji", c.emoji());
            var names = o.putArray("names");
            c.names().forEach(names::add);
        }
        call.json(200, body);
    }

    /** The warning for a prompt that names nothing {@code model} knows; empty for a model that draws open text. */
    Optional<String> warning(String model, String prompt) {
        return known(model).flatMap(k -> {
            if (k.namesOne().test(prompt)) return Optional.empty();
            if (k.kind().equals("vocabulary")) {
                return models.find(model).flatMap(pkg -> pkg.vocabulary()).flatMap(v -> v.warningFor(model, prompt));
            }
            return Optional.of("the prompt names none of the " + k.concepts().size() + " drawings in " + model
                    + "'s library, so the image will not show what it asks for (search the library under the prompt box)");
        });
    }

    Optional<Known> known(String model) {
        return cache.computeIfAbsent(model, m -> models.find(m).flatMap(StudioConcepts::load));
    }

    private static Optional<Known> load(ModelPackage pkg) {
        try {
            if (pkg.vocabulary().isPresent()) {
                Vocabulary v = pkg.vocabulary().get();
                return Optional.of(new Known("vocabulary",
                        v.entries().stream().map(e -> new Concept(e.label(), null, e.names())).toList(), p -> !v.namedIn(p).isEmpty()));
            }
            if (Library.inPackage(pkg.root())) {
                Library library = Library.open(pkg.root().resolve(Library.FOLDER));
                Retriever retriever = new Retriever(library);
                return Optional.of(new Known("library",
                        library.entries().stream().map(e -> new Concept(e.label(), e.emoji(), e.names())).toList(),
                        p -> !retriever.retrieve(p).hits().isEmpty()));
            }
        } catch (RuntimeException e) {
            // a broken package is reported where it is used; here it simply lists nothing
        }
        return Optional.empty();
    }
}
