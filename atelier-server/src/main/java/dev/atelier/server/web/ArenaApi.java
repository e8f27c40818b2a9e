package dev.atelier.server.web;

import dev.atelier.server.arena.Arena;
import dev.atelier.server.arena.Vote;
import dev.atelier.server.arena.Battle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.JsonFields;
import dev.atelier.server.service.Json;
import dev.atelier.server.http.Router;
import dev.atelier.server.service.Visitor;
import java.io.IOException;
import java.util.Set;

/**
 * The arena's pages ({@code /arena}, {@code /arena/leaderboard}) and calls: start a battle, follow it, vote, fetch
 * its two images ({@code /arena/images/{battle}/a.png}, metadata stripped) and the leaderboard as JSON. Nothing a
 * page or URL shows names a contestant before the vote.
 */
public final class ArenaApi {
    private final Arena arena;
    private final Sessions sessions;
    private final StaticAssets assets;
    private final WebGuard guard;

    public ArenaApi(Arena arena, Sessions sessions, StaticAssets assets, WebGuard guard) {
        this.arena = arena;
        this.sessions = sessions;
        this.assets = assets;
        this.guard = guard;
    }

    public void register(Router r) {
        r.open("GET", "/arena", call -> {
            sessions.user(call);
            assets.send(call, "arena.html");
        });
        r.open("GET", "/arena/leaderboard", call -> assets.send(call, "leaderboard.html"));
        r.open("GET", "/arena/leaderboard.json", call -> call.json(200, arena.leaderboard()));
        r.open("GET", "/arena/api/prompts", call -> {
            ObjectNode o = Json.object().put("contestants", arena.contestants().size());
            var p = o.putArray("prompts");
            arena.prompts().forEach(p::add);
            call.json(200, o);
        });
        r.open("POST", "/arena/api/battles", this::start);
        r.open("GET", "/arena/api/battles/{id}", this::get);
        r.open("POST", "/arena/api/battles/{id}/vote", this::vote);
        r.open("GET", "/arena/images/{id}/{side}", this::image);
    }

    private void start(HttpCall call) throws IOException {
        guard.checkWrite(call);
        String user = sessions.user(call);
        JsonNode body = call.jsonBody();
        JsonFields.onlyKnown(body, Set.of("prompt"), f -> "Unknown field '" + f + "'; a battle takes only 'prompt' (empty: draw one).");
        Battle b = arena.start(Visitor.web(user, call.clientAddress()), JsonFields.string(body, "prompt", null), "web");
        call.note("battle=" + b.id());
        call.json(201, describe(b));
    }

    private void get(HttpCall call) throws IOException {
        call.json(200, describe(arena.owned(sessions.user(call), call.pathParam("id"))));
    }

    private void vote(HttpCall call) throws IOException {
        guard.checkWrite(call);
        String user = sessions.user(call);
        JsonNode body = call.jsonBody();
        Vote v;
        try {
            v = Vote.lookup(body.path("vote").asText(""));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage(), "vote");
        }
        Battle b = arena.vote(arena.owned(user, call.pathParam("id")), v, Visitor.web(user, call.clientAddress()));
        call.note("battle=" + b.id());
        call.json(200, describe(b));
    }

    private void image(HttpCall call) throws IOException {
        String side = call.pathParam("side");
        if (!side.equals("a.png") && !side.equals("b.png")) throw new ApiException(new ApiError.NotFound("No such image: " + side));
        Battle b = arena.owned(sessions.user(call), call.pathParam("id"));
        byte[] png = arena.image(b, side.charAt(0));
        call.setHeader("Cache-Control", "private, no-store");
        call.send(200, "image/png", png);
    }

    /**
     * The battle as its page sees it: names only once voted, and before that only {@code generating} or
     * {@code ready} (no progress: a combined progress value told the pair's step counts).
     */
    private ObjectNode describe(Battle b) {
        Arena.Status s = arena.status(b);
        ObjectNode o = Json.object().put("id", b.id()).put("prompt", b.prompt()).put("status", s.name().toLowerCase(java.util.Locale.ROOT));
        if (s == Arena.Status.READY || s == Arena.Status.VOTED) {
            o.putObject("images").put("a", "/arena/images/" + b.id() + "/a.png").put("b", "/arena/images/" + b.id() + "/b.png");
        }
        if (s == Arena.Status.VOTED) {
            o.put("vote", b.vote().wire());
            o.putObject("reveal").set("a", arena.reveal(b.contestantA()));
            ((ObjectNode) o.get("reveal")).set("b", arena.reveal(b.contestantB()));
        }
        return o;
    }
}
