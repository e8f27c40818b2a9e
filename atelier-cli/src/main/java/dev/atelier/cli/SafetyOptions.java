package dev.atelier.cli;

import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.spi.ExecutionProvider;
import dev.atelier.safety.ImageSafeguard;
import dev.atelier.safety.Provenance;
import dev.atelier.safety.moderation.Blocklist;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.safety.moderation.PromptModeration;
import dev.atelier.safety.moderation.PromptVerdict;
import dev.atelier.safety.text.LexiconClassifier;
import dev.atelier.safety.SafetyConfig;
import dev.atelier.server.ServerConfig;
import dev.atelier.server.safety.SafeguardSetup;
import dev.atelier.server.safety.StandardSafety;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The safeguards' configuration, shared by {@code serve}, {@code worker}, {@code generate} and {@code verify}:
 * {@code --safety FILE}, else {@code ./safety.yaml} if present, else everything on at the defaults.
 */
final class SafetyOptions {
    @Option(names = "--safety", paramLabel = "FILE", description = "Moderation thresholds, image classifier, watermark and "
            + "content credentials (default: ./safety.yaml if present, else all on at the defaults; see config/safety.example.yaml).")
    Path file;

    private SafetyConfig config;

    /** The configuration, read once. */
    SafetyConfig config() {
        if (config == null) config = read();
        return config;
    }

    private SafetyConfig read() {
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--safety: no such file " + file);
            return SafetyConfig.load(file);
        }
        Path local = Path.of("safety.yaml");
        return Files.isRegularFile(local) ? SafetyConfig.load(local) : SafetyConfig.defaults();
    }

    /**
     * Moderates {@code prompt} for {@code model} as the operator's own command ({@code low} is always honoured; no
     * blocklist, which belongs to a server) and returns the level that applies.
     *
     * @throws IllegalArgumentException with the refusal when the prompt is refused
     */
    ModerationLevel moderate(String prompt, String model, String moderation) {
        PromptVerdict verdict = new PromptModeration(LexiconClassifier.shipped(), config().policy(), () -> Blocklist.EMPTY)
                .check(prompt, model, "partner", ModerationLevel.lookup(moderation));
        if (!verdict.allowed()) throw new IllegalArgumentException(verdict.refusal());
        return verdict.level();
    }

    /** The image safeguard of this installation (the signing identity in the default data folder), its classifier on 1 thread. */
    ImageSafeguard guard(ExecutionProvider provider, int cacheSize) {
        return Provenance.safeguard(config(), StandardSafety.identityDir(ServerOptions.defaultDataDir()),
                new PipelineOptions(provider, 1, cacheSize));
    }

    /**
     * The safeguards of {@code serve} or {@code worker}. A node without workers runs no image check (images are checked
     * by the worker that makes them), so it does not open the image classifier's ONNX session.
     */
    SafeguardSetup setup(ServerConfig server) {
        var options = PipelineOptions.defaults();
        SafetyConfig c = config();
        if (server.workers().workers() == 0 && c.classifier()) {
            c = new SafetyConfig(c.policy(), false, c.nsfw(), c.watermark(), c.c2pa(), c.signer());
        }
        return StandardSafety.setup(c, server.dataDir(), new PipelineOptions(options.provider(), 1, options.cacheSize()));
    }
}
