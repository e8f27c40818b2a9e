package dev.atelier.server.safety;

import dev.atelier.safety.Verifier;
import dev.atelier.safety.moderation.PromptModeration;
import dev.atelier.server.spi.Safeguards;
import dev.atelier.server.store.BlocklistStore;

/**
 * What a server's safeguards offer: the checks every job passes, and, where moderation runs, the text moderation
 * ({@code /v1/moderations}) and the operator's blocklist ({@code /v1/admin/blocklist}).
 *
 * @param safeguards the prompt and image checks
 * @param moderation the prompt moderation, or null when prompts are not moderated
 * @param blocklist  the operator's blocklist, or null when prompts are not moderated
 * @param verifier   reads content credentials and watermarks ({@code /v1/images/verify}), or null
 */
public record SafetyServices(Safeguards safeguards, PromptModeration moderation, BlocklistStore blocklist, Verifier verifier) {
    public SafetyServices {
        if (safeguards == null) throw new IllegalArgumentException("safety services need safeguards (Safeguards.none() for none)");
    }

    /** Just these checks, without moderation endpoints. */
    public static SafetyServices of(Safeguards safeguards) {
        return new SafetyServices(safeguards, null, null, null);
    }
}
