package dev.atelier.server.safety;

import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.Provenance;
import dev.atelier.safety.SafetyConfig;
import dev.atelier.safety.moderation.Blocklist;
import dev.atelier.safety.moderation.PromptModeration;
import dev.atelier.safety.text.BlocklistMatcher;
import dev.atelier.safety.text.LexiconClassifier;
import dev.atelier.server.spi.Safeguards;
import dev.atelier.server.store.BlocklistStore;
import dev.atelier.server.store.ModerationAudit;

import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Function;

/**
 * The safeguards {@code atelier serve} and {@code atelier worker} run with: prompt moderation (the shipped lexicon
 * classifier, the configured thresholds, the operator's blocklist, audit and metrics), and for every image the
 * classifier, the watermark and content credentials signed by the installation's identity in
 * {@code DATA_DIR/c2pa} (or the operator's certificate).
 */
public final class StandardSafety {
    /** Builds the normalising matcher for the operator's terms. */
    public static final Function<Collection<String>, Blocklist> BLOCKLIST_MATCHER = terms -> BlocklistMatcher.of(terms)::matches;

    private StandardSafety() {
    }

    /** Where an installation keeps its signing identity. */
    public static Path identityDir(Path dataDir) {
        return dataDir.resolve("c2pa");
    }

    public static SafeguardSetup setup(SafetyConfig config, Path dataDir, PipelineOptions options) {
        return (db, metrics) -> {
            var blocklist = new BlocklistStore(db, BLOCKLIST_MATCHER);
            var moderation = new PromptModeration(LexiconClassifier.shipped(), config.policy(), blocklist::current);
            var prompts = new ModeratedPrompts(moderation, new ModerationAudit(db), metrics);
            var images = new ProtectedImages(Provenance.safeguard(config, identityDir(dataDir), options), metrics);
            return new SafetyServices(new Safeguards(prompts, images), moderation, blocklist,
                    Provenance.verifier(config, identityDir(dataDir)));
        };
    }
}
