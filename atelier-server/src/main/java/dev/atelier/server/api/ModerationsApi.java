package dev.atelier.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.http.Router;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.Json;
import dev.atelier.server.service.Moderation;
import dev.atelier.server.store.BlocklistStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/moderations} in OpenAI's shape (text inputs), and the admin API for the operator's blocklist:
 * {@code GET|POST /v1/admin/blocklist}, {@code DELETE /v1/admin/blocklist/{id}}.
 */
public final class ModerationsApi {
    /**
     * OpenAI's categories, each with the Atelier category that rates it, or null for those not rated (reported as
     * not flagged with score 0; docs/safety.md lists them).
     */
    private static final Object[][] OPENAI = {
            {"hate", Category.HATE}, {"hate/threatening", null}, {"harassment", null}, {"harassment/threatening", null},
            {"illicit", null}, {"illicit/violent", null},
            {"self-harm", Category.SELF_HARM}, {"self-harm/intent", null}, {"self-harm/instructions", null},
            {"sexual", Category.SEXUAL}, {"sexual/minors", Category.SEXUAL_MINORS},
            {"violence", Category.VIOLENCE}, {"violence/graphic", null}};

    private final Moderation moderation;

    public ModerationsApi(Moderation moderation) {
        this.moderation = moderation;
    }

    public void register(Router r) {
        r.authed("POST", "/v1/moderations", this::moderate);
        r.authed("GET", "/v1/admin/blocklist", this::list);
        r.authed("POST", "/v1/admin/blocklist", this::add);
        r.authed("DELETE", "/v1/admin/blocklist/{id}", this::remove);
    }

    private void moderate(HttpCall call) throws IOException {
        JsonNode body = call.jsonBody();
        JsonFields.onlyKnown(body, Set.of("input", "model"), f -> "Unknown parameter: '" + f + "'.");
        List<String> texts = inputs(body.get("input"));
        var rated = moderation.rate(texts);
        ObjectNode out = Json.object();
        out.put("id", "modr-" + UUID.randomUUID().toString().replace("-", ""));
        out.put("model", "atelier-moderation-1");
        var results = out.putArray("results");
        for (Moderation.Rated r : rated) {
            ObjectNode res = results.addObject();
            res.put("flagged", r.flagged());
            ObjectNode cats = res.putObject("categories");
            ObjectNode scores = res.putObject("category_scores");
            ObjectNode types = res.putObject("category_applied_input_types");
            for (Object[] row : OPENAI) {
                String name = (String) row[0];
                Category c = (Category) row[1];
                Severity s = c == null ? Severity.SAFE : r.analysis().severity(c);
                cats.put(name, c != null && s.atLeast(Severity.MEDIUM));
                scores.put(name, s.level() / 6.0);
                types.putArray(name).add("text");
            }
        }
        call.json(200, out);
    }

    private static List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) throw ApiException.invalid("'input' is required: a string or an array of strings.", "input");
        var out = new ArrayList<String>();
        if (input.isTextual()) out.add(input.asText());
        else if (input.isArray()) {
            for (JsonNode n : input) {
                if (n.isTextual()) out.add(n.asText());
                else if (n.isObject() && "text".equals(n.path("type").asText()) && n.path("text").isTextual()) out.add(n.get("text").asText());
                else throw ApiException.invalid("'input' items must be strings or {\"type\": \"text\", \"text\": ...}; images are not moderated by this endpoint.", "input");
            }
        } else throw ApiException.invalid("'input' must be a string or an array of strings.", "input");
        return out;
    }

    private void list(HttpCall call) throws IOException {
        ObjectNode out = Json.object().put("object", "list");
        var data = out.putArray("data");
        for (BlocklistStore.Entry e : moderation.blocklist(call.key())) data.add(entry(e));
        call.json(200, out);
    }

    private void add(HttpCall call) throws IOException {
        JsonNode body = call.jsonBody();
        JsonFields.onlyKnown(body, Set.of("term"), f -> "Unknown parameter: '" + f + "'.");
        JsonNode term = body.get("term");
        if (term == null || !term.isTextual()) throw ApiException.invalid("'term' is required: the text to block.", "term");
        call.json(201, entry(moderation.block(call.key(), term.asText())));
    }

    private void remove(HttpCall call) throws IOException {
        moderation.unblock(call.key(), call.pathParam("id"));
        call.json(200, Json.object().put("id", call.pathParam("id")).put("deleted", true));
    }

    private static ObjectNode entry(BlocklistStore.Entry e) {
        return Json.object().put("id", e.id()).put("object", "blocklist.term").put("term", e.term())
                .put("added_by", e.addedBy()).put("created_at", e.addedAt() / 1000);
    }
}
