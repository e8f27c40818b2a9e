package dev.atelier.server.web;

import dev.atelier.server.feedback.FeedbackStore;
import dev.atelier.server.feedback.ReportReason;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.service.Json;
import dev.atelier.server.http.Router;
import dev.atelier.server.jobs.Job;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code POST /studio/api/images/{id}/feedback} with {@code {"vote": "up"|"down"|"none"}} and/or
 * {@code {"report": {"reason": ..., "note": ...}}}: the owner's feedback on one of their images.
 */
public final class FeedbackApi {
    private static final int MAX_NOTE = 1000;
    private final FeedbackStore store;
    private final Sessions sessions;
    private final StudioApi studio;
    private final WebGuard guard;

    public FeedbackApi(FeedbackStore store, Sessions sessions, StudioApi studio, WebGuard guard) {
        this.store = store;
        this.sessions = sessions;
        this.studio = studio;
        this.guard = guard;
    }

    public void register(Router r) {
        r.open("POST", "/studio/api/images/{id}/feedback", this::feedback);
    }

    private void feedback(HttpCall call) throws IOException {
        guard.checkWrite(call);
        String user = sessions.user(call);
        String imageId = call.pathParam("id");
        JsonNode body = call.jsonBody();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("vote", "report").contains(f)) throw ApiException.invalid("Unknown field '" + f + "'; send 'vote' and/or 'report'.", f);
        }
        if (!body.has("vote") && !body.has("report")) throw ApiException.invalid("send 'vote' (up, down, none) or 'report'.", null);
        Integer vote = null;
        if (body.has("vote")) {
            vote = switch (body.get("vote").asText("")) {
                case "up" -> 1;
                case "down" -> -1;
                case "none" -> 0;
                default -> throw ApiException.invalid("'vote' must be up, down or none, got " + body.get("vote") + ".", "vote");
            };
        }
        ReportReason reason = null;
        String note = null;
        if (body.has("report")) {
            JsonNode r = body.get("report");
            if (!r.isObject() || !r.path("reason").isTextual()) {
                throw ApiException.invalid("'report' must be an object with a 'reason' (and an optional 'note').", "report");
            }
            try {
                reason = ReportReason.lookup(r.get("reason").asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(e.getMessage(), "report.reason");
            }
            note = r.path("note").isTextual() ? r.get("note").asText().strip() : "";
            if (note.length() > MAX_NOTE) throw ApiException.invalid("the report note must be at most " + MAX_NOTE + " characters.", "report.note");
        }
        Job job = studio.ownedImageJob(user, imageId);
        FeedbackStore.Feedback f = null;
        if (vote != null) f = store.vote(imageId, job.id(), user, vote);
        if (reason != null) f = store.report(imageId, job.id(), user, reason, note);
        call.note("image=" + imageId);
        var out = Json.object().put("image_id", imageId).put("vote", f.vote() > 0 ? "up" : f.vote() < 0 ? "down" : "none");
        if (f.reportReason() != null) out.putObject("report").put("reason", f.reportReason()).put("note", f.reportNote());
        call.json(200, out);
    }
}
