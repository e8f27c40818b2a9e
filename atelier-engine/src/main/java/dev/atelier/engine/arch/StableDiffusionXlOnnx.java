package dev.atelier.engine.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.model.PackageFiles;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stable Diffusion XL (and SDXL-Turbo, LCM-SDXL) as Optimum's ONNX export lays it out: {@code tokenizer/} +
 * {@code text_encoder/} (CLIP ViT-L, 768 wide) and {@code tokenizer_2/} + {@code text_encoder_2/} (OpenCLIP ViT-bigG
 * with projection, 1280), both exported with their layers' {@code hidden_states.N}; {@code unet/} reading
 * {@code encoder_hidden_states // [b, 77, 2048]}, {@code text_embeds // [b, 1280]} and {@code time_ids // [b, 6]};
 * {@code vae_decoder/}, optionally {@code vae_encoder/}, and {@code scheduler/}. {@code model_index.json}'s
 * {@code force_zeros_for_empty_prompt} (default true) picks zeros for a missing negative prompt. Defaults: 1024 px
 * ({@code sample_size} 128 × 8), VAE scaling 0.13025, 50 steps at guidance 5 (diffusers' {@code __call__}), or the
 * package's {@code "atelier"} block ({@link DiffusersDefaults}); docs/sd-family.md.
 */
final class StableDiffusionXlOnnx implements Architecture {
    @Override
    public String name() {
        return "stable-diffusion-xl";
    }

    @Override
    public Set<String> classNames() {
        // the PyTorch class names that Optimum's exports keep, and Optimum's own
        return Set.of("StableDiffusionXLPipeline", "StableDiffusionXLImg2ImgPipeline", "ORTStableDiffusionXLPipeline",
                "ORTStableDiffusionXLImg2ImgPipeline");
    }

    @Override
    public ModelPackage read(Path root, JsonNode index) {
        Path indexFile = root.resolve("model_index.json");
        if (!PackageFiles.hasComponent(index, "text_encoder")) {
            throw new ModelPackageException(indexFile, "names no text_encoder: an SDXL refiner (text_encoder_2 only, time ids "
                    + "with an aesthetic score) is not supported; Atelier runs SDXL base models with both text encoders");
        }
        PackageFiles.TextParts text = PackageFiles.textParts(root);
        Map<String, Path> extras = new LinkedHashMap<>();
        extras.put(TextToImagePipeline.TOKENIZER_2, PackageFiles.requireDir(root.resolve("tokenizer_2"),
                "SDXL's second tokenizer folder (vocab.json + merges.txt, or tokenizer.json)"));
        extras.put(TextToImagePipeline.TEXT_ENCODER_2, PackageFiles.requireFile(root.resolve("text_encoder_2/model.onnx"),
                "SDXL's second text encoder ONNX model (OpenCLIP ViT-bigG with projection)"));
        Path unet = PackageFiles.denoiser(root, index, "unet");
        Path vae = PackageFiles.requireFile(root.resolve("vae_decoder/model.onnx"), "the VAE decoder ONNX model");
        Path encoder = root.resolve("vae_encoder/model.onnx");
        boolean edits = Files.isRegularFile(encoder);
        if (edits) extras.put(TextToImagePipeline.VAE_ENCODER, encoder);
        var defaults = DiffusersDefaults.read(root, index, new DiffusersDefaults.Family(128, 0.13025, 50, 5.0));
        return new ModelPackage(root, root.getFileName().toString(), name(), text.tokenizer(), text.textEncoder(), unet,
                Optional.of(vae), text.schedulerConfig(), defaults, Optional.empty(), extras,
                new ModelPackage.Capabilities(edits, false));
    }

    @Override
    public Generator open(ModelPackage pkg, PipelineOptions options) {
        JsonNode index = PackageFiles.readJson(pkg.root().resolve("model_index.json"), "a model_index.json naming the components");
        return TextToImagePipeline.open(pkg, options, index.path("force_zeros_for_empty_prompt").asBoolean(true));
    }
}
