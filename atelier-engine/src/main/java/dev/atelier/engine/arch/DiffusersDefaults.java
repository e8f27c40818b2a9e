package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The geometry and sampling defaults of a diffusers-layout package (docs/sd-family.md), read as diffusers' pipelines
 * derive them: the VAE scale factor {@code 2^(len(block_out_channels) − 1)} and {@code scaling_factor} from
 * {@code vae_decoder/config.json}, the default side {@code sample_size × vae scale factor} from {@code unet/config.json},
 * each with the family's value where a file or key is absent; steps and guidance are the pipeline class's
 * {@code __call__} defaults unless the package's {@code model_index.json} has an {@code "atelier"} block with
 * {@code default_steps} and {@code default_guidance} (a turbo model: 1 step, guidance 0).
 */
final class DiffusersDefaults {
    /**
     * The family's values where the package says nothing.
     *
     * @param sampleSize UNet {@code sample_size} in latent cells
     * @param scaling    the VAE's {@code scaling_factor}
     * @param steps      the pipeline's default inference steps
     * @param guidance   the pipeline's default guidance scale
     */
    record Family(int sampleSize, double scaling, int steps, double guidance) {
    }

    private DiffusersDefaults() {
    }

    /** The defaults of the package in {@code root}, whose {@code model_index.json} is {@code index}. */
    static ModelDefaults read(Path root, JsonNode index, Family family) {
        JsonNode vae = config(root.resolve("vae_decoder/config.json"), "a VAE config");
        JsonNode unet = config(root.resolve("unet/config.json"), "a UNet config");
        double scaling = vae.path("scaling_factor").asDouble(family.scaling());
        int vaeScale = vae.path("block_out_channels").isArray() && vae.path("block_out_channels").size() > 0
                ? 1 << (vae.path("block_out_channels").size() - 1) : 8;
        int sampleSize = unet.path("sample_size").asInt(family.sampleSize()) * vaeScale;
        JsonNode a = index.path("atelier");
        Path indexFile = root.resolve("model_index.json");
        if (!a.isMissingNode() && !a.isObject()) throw new ModelPackageException(indexFile, "\"atelier\" must be an object");
        JsonNode steps = a.path("default_steps");
        JsonNode guidance = a.path("default_guidance");
        if (!steps.isMissingNode() && !steps.canConvertToExactIntegral()) {
            throw new ModelPackageException(indexFile, "bad \"atelier.default_steps\": expected a whole number ≥ 1, got " + steps);
        }
        if (!guidance.isMissingNode() && !(guidance.isNumber() && guidance.asDouble() >= 0)) {
            throw new ModelPackageException(indexFile, "bad \"atelier.default_guidance\": expected a number ≥ 0, got " + guidance);
        }
        try {
            return new ModelDefaults(sampleSize, 4, vaeScale, scaling, steps.asInt(family.steps()),
                    guidance.asDouble(family.guidance()), List.of());
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(indexFile, "bad defaults: " + e.getMessage());
        }
    }

    private static JsonNode config(Path file, String expected) {
        return Files.isRegularFile(file) ? PackageFiles.readJson(file, expected) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The scheduler class the package names in {@code scheduler/scheduler_config.json}, or "" if none. */
    static String schedulerClass(Path schedulerConfig) {
        return PackageFiles.readJson(schedulerConfig, "a diffusers scheduler config").path("_class_name").asText("");
    }
}
