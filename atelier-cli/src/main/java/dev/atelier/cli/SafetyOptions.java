package dev.atelier.cli;

import dev.atelier.engine.pipeline.PipelineOptions;
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

    SafetyConfig config() {
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--safety: no such file " + file);
            return SafetyConfig.load(file);
        }
        Path local = Path.of("safety.yaml");
        return Files.isRegularFile(local) ? SafetyConfig.load(local) : SafetyConfig.defaults();
    }

    SafeguardSetup setup(ServerConfig server) {
        var options = PipelineOptions.defaults();
        return StandardSafety.setup(config(), server.dataDir(), new PipelineOptions(options.provider(), 1, options.cacheSize()));
    }
}
