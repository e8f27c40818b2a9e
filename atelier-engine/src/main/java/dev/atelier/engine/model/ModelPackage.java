package dev.atelier.engine.model;

import dev.atelier.engine.text.Tokenizer;
import dev.atelier.engine.text.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model package on disk (docs/model-package.md), as its architecture read it ({@code Architectures.load} in
 * {@code dev.atelier.engine.arch} picks the reader by {@code model_index.json}'s {@code _class_name} and checks that
 * every file the generator needs is there; the ONNX files themselves are checked when the generator opens them).
 *
 * @param root            the package folder
 * @param name            the folder's name
 * @param architecture    the architecture that reads and runs it (e.g. {@code stable-diffusion}, {@code stable-diffusion-xl},
 *                        {@code atelier-flow})
 * @param tokenizerDir    the tokenizer folder
 * @param textEncoder     {@code text_encoder/model.onnx}
 * @param denoiser        {@code unet/model.onnx} or {@code transformer/model.onnx}
 * @param vaeDecoder      {@code vae_decoder/model.onnx}, absent for a pixel-space model
 * @param schedulerConfig {@code scheduler/scheduler_config.json}
 * @param defaults        sampling defaults and geometry
 * @param vocabulary      the emoji an Atelier model was trained on, where it knows a few only
 * @param extras          the architecture's further components by their {@code model_index.json} name, e.g. a
 *                        retrieval model's {@code reference_encoder}, {@code upsampler} and {@code library}
 * @param capabilities    what the architecture can do with it beyond text-to-image
 */
public record ModelPackage(Path root, String name, String architecture, Path tokenizerDir, Path textEncoder, Path denoiser,
                           Optional<Path> vaeDecoder, Path schedulerConfig, ModelDefaults defaults,
                           Optional<Vocabulary> vocabulary, Map<String, Path> extras, Capabilities capabilities) {

    public ModelPackage {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /**
     * What an architecture can do beyond opaque text-to-image.
     *
     * @param imageToImage starts from an image (image-to-image, inpainting, variations)
     * @param transparency draws an alpha channel: images with a transparent background
     * @param references   how many reference pictures a request may give it (a retrieval model's reference slots),
     *                     0 for a model that draws from no pictures but the one it edits
     */
    public record Capabilities(boolean imageToImage, boolean transparency, int references) {
        public Capabilities {
            if (references < 0) throw new IllegalArgumentException("references must be ≥ 0, got " + references);
        }

        /** A model that takes no reference pictures. */
        public Capabilities(boolean imageToImage, boolean transparency) {
            this(imageToImage, transparency, 0);
        }

        public static Capabilities textOnly() {
            return new Capabilities(false, false);
        }
    }

    /** The further component {@code name} ({@link #extras()}); a {@link ModelPackageException} if the package has none. */
    public Path extra(String name) {
        Path p = extras.get(name);
        if (p == null) throw new ModelPackageException(root.resolve("model_index.json"), "has no component \"" + name + "\"");
        return p;
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
        m.put(denoiser.getParent().getFileName().toString(), denoiser);
        vaeDecoder.ifPresent(v -> m.put("vae_decoder", v));
        m.putAll(extras);
        m.put("scheduler", schedulerConfig);
        return m;
    }
}
