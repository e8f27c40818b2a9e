package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of architectures, keyed by {@code model_index.json}'s {@code _class_name} (as diffusers picks a
 * pipeline class): the one place that loads a package and opens its generator.
 */
public final class Architectures {
    private static final Map<String, Architecture> BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, Architecture> BY_NAME = new LinkedHashMap<>();

    static {
        register(new StableDiffusionOnnx());
        register(new StableDiffusionXlOnnx());
        register(new AtelierFlow());
        register(new AtelierRetrieval());
    }

    private Architectures() {
    }

    private static void register(Architecture a) {
        BY_NAME.put(a.name(), a);
        for (String c : a.classNames()) BY_CLASS.put(c, a);
    }

    /**
     * Loads and validates the package in {@code dir}; errors name the file and what was expected, and a
     * {@code _class_name} no architecture reads is named with the ones that are.
     */
    public static ModelPackage load(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new ModelPackageException(root, "model folder not found");
        Path indexFile = root.resolve("model_index.json");
        JsonNode index = PackageFiles.readJson(indexFile, "a model_index.json naming the components");
        String className = index.path("_class_name").asText("");
        Architecture a = BY_CLASS.get(className);
        if (a == null) {
            UnsupportedLayouts.explain(className, BY_CLASS.keySet()).ifPresent(why -> {
                throw new ModelPackageException(indexFile, why);
            });
            throw new ModelPackageException(indexFile, (className.isEmpty() ? "has no _class_name"
                    : "names _class_name \"" + className + "\", which Atelier cannot run") + "; supported: "
                    + String.join(", ", BY_CLASS.keySet()));
        }
        return a.read(root, index);
    }

    /** Opens the generator of {@code pkg} with its architecture. */
    public static Generator open(ModelPackage pkg, PipelineOptions options) {
        Architecture a = BY_NAME.get(pkg.architecture());
        if (a == null) throw new IllegalArgumentException("no architecture named '" + pkg.architecture() + "'; known: " + names());
        return a.open(pkg, options);
    }

    /** The registered architectures' names. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
