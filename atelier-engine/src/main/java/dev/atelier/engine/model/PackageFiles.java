package dev.atelier.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a package's files with errors that name the file and what was expected; shared by the architectures. */
public final class PackageFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PackageFiles() {
    }

    /** The JSON in {@code file}; missing or malformed is a {@link ModelPackageException} saying what was expected. */
    public static JsonNode readJson(Path file, String expected) {
        if (!Files.isRegularFile(file)) throw new ModelPackageException(file, "missing; expected " + expected);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelPackageException(file, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** {@code file}, if it is a readable regular file. */
    public static Path requireFile(Path file, String expected) {
        if (!Files.isRegularFile(file)) throw new ModelPackageException(file, "missing; expected " + expected);
        if (!Files.isReadable(file)) throw new ModelPackageException(file, "not readable");
        return file;
    }

    /** {@code dir}, if it is a folder. */
    public static Path requireDir(Path dir, String expected) {
        if (!Files.isDirectory(dir)) throw new ModelPackageException(dir, "missing; expected " + expected);
        return dir;
    }

    /** Whether {@code model_index.json} lists component {@code name} with a library (diffusers writes [library, class]). */
    public static boolean hasComponent(JsonNode index, String name) {
        JsonNode n = index.get(name);
        return n != null && n.isArray() && n.size() > 0 && !n.get(0).isNull();
    }

    /** The parts every text-to-image package has: tokenizer folder, text encoder and scheduler config. */
    public record TextParts(Path tokenizer, Path textEncoder, Path schedulerConfig) {
    }

    /** Finds the {@link TextParts} of the package in {@code root}; each missing one is named with what was expected. */
    public static TextParts textParts(Path root) {
        return new TextParts(
                requireDir(root.resolve("tokenizer"), "the tokenizer folder (tokenizer.json, or vocab.json + merges.txt)"),
                requireFile(root.resolve("text_encoder/model.onnx"), "the text encoder ONNX model"),
                requireFile(root.resolve("scheduler/scheduler_config.json"), "a diffusers scheduler config"));
    }

    /** The denoiser {@code folder/model.onnx} that {@code model_index.json} must name. */
    public static Path denoiser(Path root, JsonNode index, String folder) {
        if (!index.has(folder) || index.get(folder).isNull()) {
            throw new ModelPackageException(root.resolve("model_index.json"), "names no denoiser: expected a \"" + folder + "\" entry");
        }
        return requireFile(root.resolve(folder + "/model.onnx"), "the " + folder + " ONNX model");
    }
}
