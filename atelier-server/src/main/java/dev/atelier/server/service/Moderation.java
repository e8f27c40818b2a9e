package dev.atelier.server.service;

import dev.atelier.safety.moderation.PromptModeration;
import dev.atelier.safety.text.TextAnalysis;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.store.BlocklistStore;

import java.util.List;

/**
 * Text moderation on request ({@code /v1/moderations}) and the operator's blocklist ({@code /v1/admin/blocklist}),
 * for the API and the CLI alike. Where the server runs without prompt moderation, every call is a 404 that says so.
 */
public final class Moderation {
    /** The most texts one moderation request may rate. */
    public static final int MAX_INPUTS = 32;
    /** The longest text one moderation request may rate, in characters. */
    public static final int MAX_CHARS = 32_000;

    private final PromptModeration moderation;
    private final BlocklistStore blocklist;

    /** Either may be null: a server without prompt moderation. */
    public Moderation(PromptModeration moderation, BlocklistStore blocklist) {
        this.moderation = moderation;
        this.blocklist = blocklist;
    }

    /** The classifier's rating of each text, and whether each is flagged under the installation's {@code auto} thresholds. */
    public List<Rated> rate(List<String> texts) {
        PromptModeration m = enabled(moderation);
        if (texts.isEmpty()) throw ApiException.invalid("'input' must not be empty.", "input");
        if (texts.size() > MAX_INPUTS) throw ApiException.invalid("'input' may hold at most " + MAX_INPUTS + " texts, got " + texts.size() + ".", "input");
        for (String t : texts) {
            if (t.length() > MAX_CHARS) throw ApiException.invalid("each input must be at most " + MAX_CHARS + " characters, got " + t.length() + ".", "input");
        }
        return texts.stream().map(t -> {
            TextAnalysis a = m.analyze(t);
            boolean listed = blocklist != null && !blocklist.current().matches(t).isEmpty();
            return new Rated(a, !m.policy().auto().blocked(a.severities()).isEmpty() || listed);
        }).toList();
    }

    /** A rated text: the classifier's analysis, and whether the installation would refuse it as a prompt. */
    public record Rated(TextAnalysis analysis, boolean flagged) {
    }

    public String classifier() {
        return enabled(moderation).describe();
    }

    public List<BlocklistStore.Entry> blocklist(ApiKey caller) {
        return admin(caller).list();
    }

    /** Adds {@code term}; a 400 names what is wrong with it. */
    public BlocklistStore.Entry block(ApiKey caller, String term) {
        BlocklistStore store = admin(caller);
        try {
            return store.add(term, caller.id());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage(), "term");
        }
    }

    /** Removes the entry with this id or term; a 404 when there is none. */
    public void unblock(ApiKey caller, String idOrTerm) {
        if (!admin(caller).remove(idOrTerm)) {
            throw new ApiException(new ApiError.NotFound("no blocklist entry with id or term '" + idOrTerm + "'", "id", "not_found"));
        }
    }

    private BlocklistStore admin(ApiKey caller) {
        if (!caller.admin()) {
            throw new ApiException(new ApiError.Forbidden("this key may not change the server's settings; create an admin key "
                    + "with `atelier keys create --admin`", "admin_required"));
        }
        return enabled(blocklist);
    }

    private static <T> T enabled(T part) {
        if (part == null) {
            throw new ApiException(new ApiError.NotFound("prompt moderation is not enabled on this server", null, "moderation_disabled"));
        }
        return part;
    }
}
