package dev.atelier.engine.model;

import java.nio.file.Path;

/** A model package is missing a file or holds one that is not what the layout expects. */
public final class ModelPackageException extends RuntimeException {
    public ModelPackageException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelPackageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
