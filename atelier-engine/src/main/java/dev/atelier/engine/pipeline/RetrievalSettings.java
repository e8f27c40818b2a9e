package dev.atelier.engine.pipeline;

/**
 * The geometry of a retrieval model's conditions, from the {@code "atelier"} block of its {@code model_index.json}
 * (docs/model-package.md).
 *
 * @param slots             reference slots ({@code references.slots}); the hits of a prompt fill them in order
 * @param referenceTokens   tokens the reference encoder makes of one slot ({@code references.tokens})
 * @param draftChannels     channels of the draft ({@code draft.channels}, premultiplied RGBA: 4)
 * @param draftSize         side of the draft ({@code draft.size}), the denoiser's canvas
 * @param transparentSuffix what is appended to a prompt for a transparent image ({@code alpha.transparent_suffix}),
 *                          unless the prompt already asks for one
 * @param draftGuideSteps   how many of the first sampler calls draw the draft over the predicted image
 *                          ({@code draft.guide_steps}, 0 when absent; {@link DraftGuide})
 */
public record RetrievalSettings(int slots, int referenceTokens, int draftChannels, int draftSize, String transparentSuffix,
                                int draftGuideSteps) {
    public RetrievalSettings {
        if (slots < 1) throw new IllegalArgumentException("references.slots must be ≥ 1, got " + slots);
        if (referenceTokens < 1) throw new IllegalArgumentException("references.tokens must be ≥ 1, got " + referenceTokens);
        if (draftChannels != 4) throw new IllegalArgumentException("draft.channels must be 4 (premultiplied RGBA), got " + draftChannels);
        if (draftSize < 8) throw new IllegalArgumentException("draft.size must be ≥ 8, got " + draftSize);
        if (transparentSuffix == null) transparentSuffix = "";
        if (draftGuideSteps < 0) throw new IllegalArgumentException("draft.guide_steps must be ≥ 0, got " + draftGuideSteps);
    }
}
