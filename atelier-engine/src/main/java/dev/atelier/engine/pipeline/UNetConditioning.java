package dev.atelier.engine.pipeline;

import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.request.GenerationRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs a UNet reads beside its sample, timestep and text states, as diffusers' pipelines build them:
 * <ul>
 * <li>SDXL ({@code StableDiffusionXLPipeline}): {@code text_embeds // [rows, 1280]}, the second text encoder's pooled
 *     embedding of each row's prompt, and {@code time_ids // [rows, 6]}, {@code original_size + crops_coords_top_left
 *     + target_size} = {@code [H, W, 0, 0, H, W]} (the defaults: the request's size, no crop; the same for the negative
 *     rows);</li>
 * <li>a guidance-distilled UNet (LCM; {@code time_cond_proj_dim} in its config): {@code timestep_cond // [rows, d]},
 *     the {@link GuidanceEmbedding} of the request's guidance scale, and no unconditional rows: the scale is that
 *     input, not a second batch.</li>
 * </ul>
 */
final class UNetConditioning {
    /** SDXL's time ids per row: original height, width, crop top, left, target height, width. */
    static final int TIME_IDS = 6;
    /** diffusers' LCM UNets' {@code time_cond_proj_dim}, for an export that leaves the width dynamic. */
    static final int GUIDANCE_EMBEDDING = 256;

    private UNetConditioning() {
    }

    /** Whether {@code denoiser} reads the guidance scale as an input (then it runs without classifier-free guidance). */
    static boolean embedsGuidance(Denoiser denoiser) {
        return denoiser.conditioning().contains(Denoiser.TIMESTEP_COND);
    }

    /**
     * Checks when a package opens that its text encoders can feed its UNet: SDXL's inputs exactly when there are two
     * encoders, and six time ids.
     *
     * @throws ModelPackageException naming the UNet and what it reads
     */
    static void check(Denoiser denoiser, Prompts prompts) {
        Set<String> reads = denoiser.conditioning();
        boolean xl = reads.contains(Denoiser.TEXT_EMBEDS) || reads.contains(Denoiser.TIME_IDS);
        boolean dual = prompts instanceof DualPromptEncoder;
        if (xl && !(reads.contains(Denoiser.TEXT_EMBEDS) && reads.contains(Denoiser.TIME_IDS))) {
            throw new ModelPackageException(denoiser.file(), "reads " + reads + ": an SDXL UNet reads both text_embeds and time_ids");
        }
        if (xl && !dual) {
            throw new ModelPackageException(denoiser.file(), "reads text_embeds and time_ids, as an SDXL UNet does, but the "
                    + "package has one text encoder; an SDXL package's model_index.json names StableDiffusionXLPipeline and "
                    + "it ships tokenizer_2/ and text_encoder_2/");
        }
        if (dual && !xl) {
            throw new ModelPackageException(denoiser.file(), "has no inputs text_embeds and time_ids, which an SDXL UNet reads "
                    + "(found " + reads + " beside sample, timestep and encoder_hidden_states)");
        }
        int ids = xl ? denoiser.conditioningWidth(Denoiser.TIME_IDS) : -1;
        if (ids != -1 && ids != TIME_IDS) {
            throw new ModelPackageException(denoiser.file(), "reads " + ids + " time_ids; Atelier feeds SDXL's " + TIME_IDS
                    + " (original size, crop, target size); 5 are an SDXL refiner's, which is not supported");
        }
    }

    /**
     * The further inputs for {@code n} images of {@code request}, rows laid out as {@link GuidedSampler#rows}
     * ({@code guided}: unconditional rows first).
     */
    static Map<String, Denoiser.Input> inputs(Denoiser denoiser, PromptEncoder.States states, GenerationRequest request,
                                              int n, boolean guided) {
        Map<String, Denoiser.Input> out = new HashMap<>();
        long rows = guided ? 2L * n : n;
        for (String name : List.copyOf(denoiser.conditioning())) {
            float[] one = switch (name) {
                case Denoiser.TIME_IDS -> new float[] {request.height(), request.width(), 0, 0, request.height(), request.width()};
                case Denoiser.TIMESTEP_COND -> {
                    int width = denoiser.conditioningWidth(name);
                    yield GuidanceEmbedding.of(request.guidance(), width > 0 ? width : GUIDANCE_EMBEDDING);
                }
                case Denoiser.TEXT_EMBEDS -> null;  // per row: below
                default -> throw new IllegalStateException("no value for " + name);
            };
            float[] values = one != null ? GuidedSampler.rows(one, one, n, guided)
                    : GuidedSampler.rows(states.pooledUncond(), states.pooledCond(), n, guided);  // [rows, P]
            out.put(name, new Denoiser.Input(values, new long[] {rows, values.length / rows}));
        }
        return out;
    }
}
