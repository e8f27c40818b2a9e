package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.library.Library;
import dev.atelier.engine.library.Retriever;
import dev.atelier.engine.library.Sprite;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.RetrievalPipeline;
import dev.atelier.engine.pipeline.RetrievalSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Atelier's retrieval-augmented models (atelier-image-2; docs/model-package.md, "Reference library" and "Layout
 * planner"): {@code transformer/} reads a draft beside the text and reference tokens, {@code reference_encoder/}
 * encodes the library's sprites, {@code upsampler/} doubles the RGBA canvas, {@code library/} holds the references;
 * the {@code "atelier"} block gives the geometry, the defaults and, with an {@code alpha} block, transparency.
 */
final class AtelierRetrieval implements Architecture {
    @Override
    public String name() {
        return "atelier-retrieval";
    }

    @Override
    public Set<String> classNames() {
        return Set.of("AtelierRetrievalPipeline");
    }

    @Override
    public ModelPackage read(Path root, JsonNode index) {
        PackageFiles.TextParts text = PackageFiles.textParts(root);
        Path denoiser = PackageFiles.denoiser(root, index, "transformer");
        Path indexFile = root.resolve("model_index.json");
        JsonNode a = index.path("atelier");
        if (!a.isObject()) throw new ModelPackageException(indexFile, "a retrieval package needs an \"atelier\" block");
        int slots = settings(indexFile, a).slots();
        Map<String, Path> extras = new LinkedHashMap<>();
        extras.put("reference_encoder", PackageFiles.requireFile(root.resolve("reference_encoder/model.onnx"),
                "the reference encoder ONNX model"));
        extras.put("upsampler", PackageFiles.requireFile(root.resolve("upsampler/model.onnx"), "the upsampler ONNX model"));
        Path libraryIndex = PackageFiles.requireFile(root.resolve(a.path("library").asText(Library.FOLDER + "/library.json")),
                "the reference library's index (docs/model-package.md)");
        extras.put("library", libraryIndex.getParent());
        boolean alpha = a.path("alpha").isObject() && a.path("channels").asInt(3) == 4;
        return new ModelPackage(root, root.getFileName().toString(), name(), text.tokenizer(), text.textEncoder(), denoiser,
                Optional.empty(), text.schedulerConfig(), defaults(indexFile, a), Optional.empty(), extras,
                new ModelPackage.Capabilities(true, alpha, slots));
    }

    private static ModelDefaults defaults(Path indexFile, JsonNode a) {
        int sample = a.path("sample_size").asInt(256);
        int canvas = a.path("native_size").asInt(sample);
        if (canvas < 1 || sample % canvas != 0) {
            throw new ModelPackageException(indexFile, "bad \"atelier\" block: sample_size " + sample
                    + " must be a multiple of native_size " + canvas);
        }
        List<int[]> sizes = new ArrayList<>();
        for (JsonNode s : a.path("sizes")) sizes.add(new int[] {s.get(0).asInt(), s.get(1).asInt()});
        try {
            return new ModelDefaults(sample, a.path("channels").asInt(4), sample / canvas, 1.0,
                    a.path("default_steps").asInt(6), a.path("default_guidance").asDouble(3.0), sizes);
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(indexFile, "bad \"atelier\" block: " + e.getMessage());
        }
    }

    private static RetrievalSettings settings(Path indexFile, JsonNode a) {
        JsonNode refs = a.path("references");
        JsonNode draft = a.path("draft");
        int slots = refs.path("slots").asInt(Retriever.MAX_HITS);
        int size = refs.path("size").asInt(Sprite.SIZE);
        int canvas = a.path("native_size").asInt(a.path("sample_size").asInt(256));
        if (slots != Retriever.MAX_HITS || size != Sprite.SIZE) {
            throw new ModelPackageException(indexFile, "bad \"atelier.references\": the engine fills " + Retriever.MAX_HITS
                    + " slots of " + Sprite.SIZE + " px, got " + slots + " of " + size);
        }
        if (draft.path("size").asInt(canvas) != canvas) {
            throw new ModelPackageException(indexFile, "bad \"atelier.draft\": size must be the native_size " + canvas
                    + ", got " + draft.path("size"));
        }
        try {
            return new RetrievalSettings(slots, refs.path("tokens").asInt(64), draft.path("channels").asInt(4), canvas,
                    a.path("alpha").path("transparent_suffix").asText(""), draft.path("guide_steps").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(indexFile, "bad \"atelier\" block: " + e.getMessage());
        }
    }

    @Override
    public Generator open(ModelPackage pkg, PipelineOptions options) {
        Path indexFile = pkg.root().resolve("model_index.json");
        JsonNode a = PackageFiles.readJson(indexFile, "a model_index.json naming the components").path("atelier");
        return RetrievalPipeline.open(pkg, settings(indexFile, a), options);
    }
}
