package dev.atelier.engine.arch;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline classes of {@code model_index.json} that Atelier knows and cannot run, each with what it would need, so
 * that loading one says why rather than only that the name is unknown.
 */
final class UnsupportedLayouts {
    private record Layout(String family, String needs) {
    }

    private static final Layout SD3 = new Layout("Stable Diffusion 3", "it needs a transformer with joint attention "
            + "(MMDiT) over the states of three text encoders (CLIP ViT-L, OpenCLIP ViT-bigG, T5-XXL), a 16-channel VAE and a "
            + "flow-matching schedule, where Atelier's Stable Diffusion pipeline runs a UNet");
    private static final Layout FLUX = new Layout("FLUX.1", "it needs a transformer with joint and single-stream blocks over "
            + "packed 2×2 latent patches with rotary position ids, T5-XXL and CLIP text encoders, a 16-channel VAE and "
            + "guidance as an input, where Atelier's Stable Diffusion pipeline runs a UNet");
    private static final Layout CASCADE = new Layout("Stable Cascade", "it needs two diffusion stages (a prior that "
            + "makes an image embedding, then a decoder) and a VQ-GAN, where Atelier runs one UNet and a VAE");
    private static final Layout UPSCALER = new Layout("The Stable Diffusion x4 upscaler", "its UNet reads the low-resolution "
            + "image and a noise level beside the latents (7 channels), which Atelier's pipelines do not feed");
    private static final Layout PIXART = new Layout("PixArt", "it needs a DiT transformer conditioned on T5-XXL states, "
            + "where Atelier's Stable Diffusion pipeline runs a UNet with CLIP text encoders");

    private static final Map<String, Layout> KNOWN = Map.ofEntries(
            Map.entry("StableDiffusion3Pipeline", SD3), Map.entry("StableDiffusion3Img2ImgPipeline", SD3),
            Map.entry("ORTStableDiffusion3Pipeline", SD3),
            Map.entry("FluxPipeline", FLUX), Map.entry("FluxImg2ImgPipeline", FLUX), Map.entry("ORTFluxPipeline", FLUX),
            Map.entry("StableCascadeCombinedPipeline", CASCADE), Map.entry("StableCascadePriorPipeline", CASCADE),
            Map.entry("StableCascadeDecoderPipeline", CASCADE),
            Map.entry("StableDiffusionUpscalePipeline", UPSCALER), Map.entry("OnnxStableDiffusionUpscalePipeline", UPSCALER),
            Map.entry("PixArtAlphaPipeline", PIXART), Map.entry("PixArtSigmaPipeline", PIXART));

    private UnsupportedLayouts() {
    }

    /** Why {@code className} cannot run, naming the {@code supported} classes; empty for a class not known here. */
    static Optional<String> explain(String className, Collection<String> supported) {
        Layout l = KNOWN.get(className);
        if (l == null) return Optional.empty();
        return Optional.of(l.family() + " (" + className + ") is not supported: " + l.needs() + "; supported: "
                + String.join(", ", supported));
    }
}
