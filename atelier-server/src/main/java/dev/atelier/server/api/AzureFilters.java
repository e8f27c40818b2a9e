package dev.atelier.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.Json;

/**
 * Azure OpenAI's content filter shapes for the image routes (its {@code dalleFilterResults}): per category
 * {@code {"filtered": bool, "severity": "safe|low|medium|high"}}, {@code custom_blocklists} for the operator's list,
 * and the {@code content_policy_violation} error with {@code inner_error.code: "ResponsibleAIPolicyViolation"}.
 */
final class AzureFilters {
    /** The four categories Azure reports (sexual content involving minors is folded into {@code sexual}, as Azure does). */
    private static final Category[] REPORTED = {Category.HATE, Category.SELF_HARM, Category.SEXUAL, Category.VIOLENCE};

    private AzureFilters() {
    }

    /** A prompt's {@code prompt_filter_results}: the categories rated and the operator's blocklist, which every prompt meets. */
    static ObjectNode promptResults(FilterResults r) {
        ObjectNode o = results(r);
        if (r == null) return o;
        ObjectNode b = o.putObject("custom_blocklists");
        b.put("filtered", r.blocklisted());
        var details = b.putArray("details");
        if (r.blocklisted()) details.addObject().put("filtered", true).put("id", "atelier-blocklist");
        return o;
    }

    /** An image's {@code content_filter_results}: only the categories its classifier rated. */
    static ObjectNode results(FilterResults r) {
        ObjectNode o = Json.object();
        if (r == null) return o;
        for (Category c : REPORTED) {
            Severity s = r.severities().get(c);
            if (s == null) continue;
            boolean filtered = r.filtered().contains(c);
            if (c == Category.SEXUAL && r.severities().containsKey(Category.SEXUAL_MINORS)) {
                Severity minors = r.severities().get(Category.SEXUAL_MINORS);
                filtered |= r.filtered().contains(Category.SEXUAL_MINORS);
                s = Severity.max(s, minors);
            }
            o.putObject(c.wireName()).put("filtered", filtered).put("severity", s.wireName());
        }
        return o;
    }

    /** The body of Azure's 400 for a filtered prompt or image. */
    static ObjectNode error(ApiError.ContentFiltered e, boolean prompt) {
        ObjectNode body = Json.object();
        ObjectNode err = body.putObject("error");
        err.put("code", "content_policy_violation");
        err.put("message", e.message());
        err.put("param", prompt ? "prompt" : null);
        err.put("type", "invalid_request_error");
        ObjectNode inner = err.putObject("inner_error");
        inner.put("code", "ResponsibleAIPolicyViolation");
        inner.set("content_filter_results", prompt ? promptResults(e.results()) : results(e.results()));
        inner.putNull("revised_prompt");
        return body;
    }
}
