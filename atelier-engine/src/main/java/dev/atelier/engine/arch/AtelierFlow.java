package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import dev.atelier.engine.model.Vocabulary;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Atelier's own flow-matching models (docs/model-package.md): {@code transformer/} (a DiT or U-Net denoiser on
 * pixels or on a small canvas), an optional {@code vae_decoder/} (a fixed upscaler), and an {@code "atelier"}
 * block in {@code model_index.json} with the geometry, defaults and, for vocabulary models, the emoji they know.
 */
final class AtelierFlow implements Architecture {
    @Override
    public String name() {
        return "atelier-flow";
    }

    @Override
    public Set<String> classNames() {
        return Set.of("AtelierFlowPipeline");
    }

    @Override
    public ModelPackage read(Path root, JsonNode index) {
        PackageFiles.TextParts text = PackageFiles.textParts(root);
        Path denoiser = PackageFiles.denoiser(root, index, "transformer");
        Optional<Path> vae = PackageFiles.hasComponent(index, "vae_decoder")
                ? Optional.of(PackageFiles.requireFile(root.resolve("vae_decoder/model.onnx"), "the VAE decoder ONNX model"))
                : Optional.empty();
        JsonNode a = index.path("atelier");
        Path indexFile = root.resolve("model_index.json");
        return new ModelPackage(root, root.getFileName().toString(), name(), text.tokenizer(), text.textEncoder(), denoiser,
                vae, text.schedulerConfig(), defaults(indexFile, a, vae.isPresent()), vocabulary(indexFile, a.path("vocabulary")),
                Map.of(), new ModelPackage.Capabilities(true, false));
    }

    private static ModelDefaults defaults(Path indexFile, JsonNode a, boolean hasVae) {
        if (a.isMissingNode()) throw new ModelPackageException(indexFile, "an Atelier package needs an \"atelier\" block");
        List<int[]> sizes = new ArrayList<>();
        for (JsonNode s : a.path("sizes")) sizes.add(new int[] {s.get(0).asInt(), s.get(1).asInt()});
        try {
            return new ModelDefaults(a.path("sample_size").asInt(256), a.path("latent_channels").asInt(3),
                    a.path("vae_scale_factor").asInt(hasVae ? 8 : 1), a.path("latent_scaling").asDouble(1.0),
                    a.path("default_steps").asInt(8), a.path("default_guidance").asDouble(4.0), sizes);
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(indexFile, "bad \"atelier\" block: " + e.getMessage());
        }
    }

    private static Optional<Vocabulary> vocabulary(Path indexFile, JsonNode v) {
        if (v.isMissingNode() || v.isNull()) return Optional.empty();
        String expected = "bad \"atelier.vocabulary\": expected a non-empty list of {\"label\": \"dog face\", "
                + "\"names\": [\"dog face\", \"dog\", ...]}";
        if (!v.isArray()) throw new ModelPackageException(indexFile, expected);
        List<Vocabulary.Entry> entries = new ArrayList<>();
        try {
            for (JsonNode e : v) {
                if (!e.path("label").isTextual() || !e.path("names").isArray()) throw new IllegalArgumentException("at entry " + e);
                List<String> names = new ArrayList<>();
                for (JsonNode n : e.get("names")) {
                    if (!n.isTextual()) throw new IllegalArgumentException("name " + n + " of \"" + e.get("label").asText() + "\" is not text");
                    names.add(n.asText());
                }
                entries.add(new Vocabulary.Entry(e.get("label").asText(), names));
            }
            return Optional.of(new Vocabulary(entries));
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(indexFile, expected + " (" + e.getMessage() + ")");
        }
    }

    @Override
    public Generator open(ModelPackage pkg, PipelineOptions options) {
        return TextToImagePipeline.open(pkg, options);
    }
}
