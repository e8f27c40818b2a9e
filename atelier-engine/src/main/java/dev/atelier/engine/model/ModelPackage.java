package dev.atelier.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.text.Tokenizer;
import dev.atelier.engine.text.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model package on disk (docs/model-package.md): the Stable Diffusion ONNX layout or the Atelier layout.
 * {@link #load} checks that every file the pipeline needs is there; the ONNX files themselves are checked when
 * the pipeline opens them.
 *
 * @param root            the package folder
 * @param name            the folder's name
 * @param layout          which layout the package follows
 * @param tokenizerDir    the tokenizer folder
 * @param textEncoder     {@code text_encoder/model.onnx}
 * @param denoiser        {@code unet/model.onnx} or {@code transformer/model.onnx}
 * @param vaeDecoder      {@code vae_decoder/model.onnx}, absent for a pixel-space model
 * @param schedulerConfig {@code scheduler/scheduler_config.json}
 * @param defaults        sampling defaults and geometry
 * @param vocabulary      the emoji an Atelier model was trained on, where it knows a few only
 */
public record ModelPackage(Path root, String name, Layout layout, Path tokenizerDir, Path textEncoder, Path denoiser,
                           Optional<Path> vaeDecoder, Path schedulerConfig, ModelDefaults defaults,
                           Optional<Vocabulary> vocabulary) {

    /** The package layouts the loader reads. */
    public enum Layout { STABLE_DIFFUSION_ONNX, ATELIER }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loads and validates the package in {@code dir}; errors name the file and what was expected. */
    public static ModelPackage load(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new ModelPackageException(root, "model folder not found");
        Path indexFile = root.resolve("model_index.json");
        JsonNode index = readJson(indexFile, "a model_index.json naming the components");
        Layout layout = index.has("transformer") ? Layout.ATELIER : Layout.STABLE_DIFFUSION_ONNX;
        String denoiserName = layout == Layout.ATELIER ? "transformer" : "unet";
        if (!index.has(denoiserName) || index.get(denoiserName).isNull()) {
            throw new ModelPackageException(indexFile, "names no denoiser: expected a \"unet\" or \"transformer\" entry");
        }
        Path tokenizer = requireDir(root.resolve("tokenizer"), "the tokenizer folder (tokenizer.json, or vocab.json + merges.txt)");
        Path textEncoder = requireFile(root.resolve("text_encoder/model.onnx"), "the text encoder ONNX model");
        Path denoiser = requireFile(root.resolve(denoiserName + "/model.onnx"), "the " + denoiserName + " ONNX model");
        Path scheduler = requireFile(root.resolve("scheduler/scheduler_config.json"), "a diffusers scheduler config");
        Optional<Path> vae = Optional.empty();
        if (layout == Layout.STABLE_DIFFUSION_ONNX || hasComponent(index, "vae_decoder")) {
            vae = Optional.of(requireFile(root.resolve("vae_decoder/model.onnx"), "the VAE decoder ONNX model"));
        }
        ModelDefaults defaults = layout == Layout.ATELIER
                ? atelierDefaults(indexFile, index.path("atelier"), vae.isPresent())
                : stableDiffusionDefaults(root);
        Optional<Vocabulary> vocabulary = layout == Layout.ATELIER
                ? vocabulary(indexFile, index.path("atelier").path("vocabulary")) : Optional.empty();
        return new ModelPackage(root, root.getFileName().toString(), layout, tokenizer, textEncoder, denoiser, vae,
                scheduler, defaults, vocabulary);
    }

    /** Names of the folders in {@code modelsDir} that hold a {@code model_index.json}, sorted; empty if none. */
    public static List<String> installedIn(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) return List.of();
        try (java.util.stream.Stream<Path> s = Files.list(modelsDir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model_index.json")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Loads the package's tokenizer; a missing or malformed file is a {@link ModelPackageException}. */
    public Tokenizer loadTokenizer() {
        try {
            return Tokenizers.load(tokenizerDir);
        } catch (IOException e) {
            throw new ModelPackageException(tokenizerDir, e.getMessage());
        }
    }

    /** Component name to its ONNX file, for listings. */
    public Map<String, Path> components() {
        var m = new LinkedHashMap<String, Path>();
        m.put("tokenizer", tokenizerDir);
        m.put("text_encoder", textEncoder);
        m.put(layout == Layout.ATELIER ? "transformer" : "unet", denoiser);
        vaeDecoder.ifPresent(v -> m.put("vae_decoder", v));
        m.put("scheduler", schedulerConfig);
        return m;
    }

    private static boolean hasComponent(JsonNode index, String name) {
        JsonNode n = index.get(name);
        return n != null && n.isArray() && n.size() > 0 && !n.get(0).isNull();
    }

    private static ModelDefaults stableDiffusionDefaults(Path root) {
        double scaling = 0.18215;
        Path vaeConfig = root.resolve("vae_decoder/config.json");
        if (Files.isRegularFile(vaeConfig)) {
            scaling = readJson(vaeConfig, "a VAE config").path("scaling_factor").asDouble(scaling);
        }
        int sampleSize = 512;
        Path unetConfig = root.resolve("unet/config.json");
        if (Files.isRegularFile(unetConfig)) {
            sampleSize = readJson(unetConfig, "a UNet config").path("sample_size").asInt(64) * 8;
        }
        return new ModelDefaults(sampleSize, 4, 8, scaling, 50, 7.5, List.of());
    }

    private static ModelDefaults atelierDefaults(Path indexFile, JsonNode a, boolean hasVae) {
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

    static JsonNode readJson(Path file, String expected) {
        if (!Files.isRegularFile(file)) throw new ModelPackageException(file, "missing; expected " + expected);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelPackageException(file, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static Path requireFile(Path file, String expected) {
        if (!Files.isRegularFile(file)) throw new ModelPackageException(file, "missing; expected " + expected);
        if (!Files.isReadable(file)) throw new ModelPackageException(file, "not readable");
        return file;
    }

    private static Path requireDir(Path dir, String expected) {
        if (!Files.isDirectory(dir)) throw new ModelPackageException(dir, "missing; expected " + expected);
        return dir;
    }
}
