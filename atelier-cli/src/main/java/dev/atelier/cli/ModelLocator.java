package dev.atelier.cli;

import dev.atelier.server.models.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds model packages: a {@code --model} value is a folder path or the name of an installed model, one folder
 * under the models directory ({@code $ATELIER_MODELS}, else {@code $ATELIER_HOME/models}, else {@code ./models}).
 */
final class ModelLocator {
    static final String DEFAULT_MODEL = ModelCatalog.DEFAULT_MODEL;

    private ModelLocator() {
    }

    static Path modelsDir() {
        String dir = System.getenv("ATELIER_MODELS");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        String home = System.getenv("ATELIER_HOME");
        return (home != null && !home.isBlank() ? Path.of(home) : Path.of("")).resolve("models").toAbsolutePath();
    }

    /** The package folder for {@code value} (null means the default model). */
    static Path resolve(String value) {
        String name = value == null ? DEFAULT_MODEL : value;
        Path asPath = Path.of(name);
        if (Files.isDirectory(asPath)) return asPath;
        Path installed = modelsDir().resolve(name);
        if (!name.contains("/") && Files.isDirectory(installed)) return installed;
        List<String> names = installed();
        String have = names.isEmpty() ? "none installed" : "installed: " + String.join(", ", names);
        if (value == null) {
            throw new IllegalArgumentException("the default model '" + DEFAULT_MODEL + "' is not installed in "
                    + modelsDir() + " (" + have + "); pass --model DIR");
        }
        throw new IllegalArgumentException("model '" + value + "' not found: not a folder, and not a model in "
                + modelsDir() + " (" + have + ")");
    }

    /** Names of the folders under the models directory that hold a model_index.json. */
    static List<String> installed() {
        return dev.atelier.engine.model.ModelPackage.installedIn(modelsDir());
    }
}
