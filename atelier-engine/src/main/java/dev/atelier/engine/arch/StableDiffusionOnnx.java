package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.PackageFiles;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stable Diffusion 1.x as diffusers' ONNX export lays it out: {@code tokenizer/}, {@code text_encoder/},
 * {@code unet/} (4 input channels, or 9 for an inpainting UNet), {@code vae_decoder/}, {@code scheduler/} and,
 * optionally, {@code vae_encoder/} (then image-to-image and inpainting); geometry from {@code unet/config.json}
 * ({@code sample_size}) and {@code vae_decoder/config.json} ({@code scaling_factor}) where present.
 */
final class StableDiffusionOnnx implements Architecture {
    @Override
    public String name() {
        return "stable-diffusion";
    }

    @Override
    public Set<String> classNames() {
        // diffusers' ONNX pipeline, and the PyTorch class name that Optimum's exports keep
        return Set.of("OnnxStableDiffusionPipeline", "StableDiffusionPipeline", "ORTStableDiffusionPipeline");
    }

    @Override
    public ModelPackage read(Path root, JsonNode index) {
        PackageFiles.TextParts text = PackageFiles.textParts(root);
        Path unet = PackageFiles.denoiser(root, index, "unet");
        Path vae = PackageFiles.requireFile(root.resolve("vae_decoder/model.onnx"), "the VAE decoder ONNX model");
        // image-to-image and inpainting need the encoder, which exports ship optionally
        Path encoder = root.resolve("vae_encoder/model.onnx");
        boolean edits = Files.isRegularFile(encoder);
        return new ModelPackage(root, root.getFileName().toString(), name(), text.tokenizer(), text.textEncoder(), unet,
                Optional.of(vae), text.schedulerConfig(), defaults(root), Optional.empty(),
                edits ? Map.of(TextToImagePipeline.VAE_ENCODER, encoder) : Map.of(),
                new ModelPackage.Capabilities(edits, false));
    }

    private static ModelDefaults defaults(Path root) {
        double scaling = 0.18215;
        Path vaeConfig = root.resolve("vae_decoder/config.json");
        if (Files.isRegularFile(vaeConfig)) {
            scaling = PackageFiles.readJson(vaeConfig, "a VAE config").path("scaling_factor").asDouble(scaling);
        }
        int sampleSize = 512;
        Path unetConfig = root.resolve("unet/config.json");
        if (Files.isRegularFile(unetConfig)) {
            sampleSize = PackageFiles.readJson(unetConfig, "a UNet config").path("sample_size").asInt(64) * 8;
        }
        return new ModelDefaults(sampleSize, 4, 8, scaling, 50, 7.5, List.of());
    }

    @Override
    public Generator open(ModelPackage pkg, PipelineOptions options) {
        return TextToImagePipeline.open(pkg, options);
    }
}
