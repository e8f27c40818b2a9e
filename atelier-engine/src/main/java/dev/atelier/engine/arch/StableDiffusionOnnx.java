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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stable Diffusion 1.x and 2.x (and their turbo and LCM distillations) as diffusers' and Optimum's ONNX exports lay
 * them out: {@code tokenizer/}, {@code text_encoder/} (CLIP ViT-L, 768 wide, or OpenCLIP ViT-H, 1024), {@code unet/}
 * (4 input channels, or 9 for an inpainting UNet; an LCM UNet also reads {@code timestep_cond}), {@code vae_decoder/},
 * {@code scheduler/} (whose {@code prediction_type} says epsilon or v-prediction) and, optionally, {@code vae_encoder/}
 * (then image-to-image and inpainting). Geometry and defaults: {@link DiffusersDefaults}; docs/sd-family.md.
 */
final class StableDiffusionOnnx implements Architecture {
    private static final String LCM = "LatentConsistencyModelPipeline";

    @Override
    public String name() {
        return "stable-diffusion";
    }

    @Override
    public Set<String> classNames() {
        // diffusers' ONNX pipeline, the PyTorch class names that Optimum's exports keep, and Optimum's own
        return Set.of("OnnxStableDiffusionPipeline", "StableDiffusionPipeline", "ORTStableDiffusionPipeline",
                LCM, "ORTLatentConsistencyModelPipeline");
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
                Optional.of(vae), text.schedulerConfig(), defaults(root, index, text.schedulerConfig()), Optional.empty(),
                edits ? Map.of(TextToImagePipeline.VAE_ENCODER, encoder) : Map.of(),
                new ModelPackage.Capabilities(edits, false));
    }

    // diffusers' __call__ defaults: 50 steps at 7.5; an LCM pipeline 4 at 8.5 (the scale goes into the UNet); an
    // LCM scheduler in a plain pipeline (an LCM-LoRA fused in) 4 steps at 1, Atelier's choice: no guidance batch
    private static ModelDefaults defaults(Path root, JsonNode index, Path schedulerConfig) {
        boolean lcmPipeline = index.path("_class_name").asText().contains(LCM);
        boolean lcmScheduler = DiffusersDefaults.schedulerClass(schedulerConfig).equals("LCMScheduler");
        var family = lcmPipeline ? new DiffusersDefaults.Family(64, 0.18215, 4, 8.5)
                : lcmScheduler ? new DiffusersDefaults.Family(64, 0.18215, 4, 1.0)
                : new DiffusersDefaults.Family(64, 0.18215, 50, 7.5);
        return DiffusersDefaults.read(root, index, family);
    }

    @Override
    public Generator open(ModelPackage pkg, PipelineOptions options) {
        return TextToImagePipeline.open(pkg, options);
    }
}
