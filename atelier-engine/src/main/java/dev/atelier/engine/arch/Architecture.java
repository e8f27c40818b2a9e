package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import java.nio.file.Path;
import java.util.Set;

/**
 * A family of models the engine runs: how its package is laid out and which generator runs it. A new family is
 * one class implementing this and one line in {@link Architectures}.
 */
public interface Architecture {
    /** Short name for listings and logs, e.g. {@code stable-diffusion}. */
    String name();

    /** The {@code _class_name} values of {@code model_index.json} this architecture reads. */
    Set<String> classNames();

    /**
     * Reads and validates the package in {@code root}, whose {@code model_index.json} is {@code index}.
     *
     * @throws dev.atelier.engine.model.ModelPackageException naming the file and what was expected
     */
    ModelPackage read(Path root, JsonNode index);

    /** Opens the generator of a package this architecture read; its sessions are created once. */
    Generator open(ModelPackage pkg, PipelineOptions options);
}
