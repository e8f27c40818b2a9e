package dev.atelier.engine.pipeline;

/**
 * A retrieval model's draft drawn over its first predictions (docs/model-package.md, "Draft guidance"): at each of the
 * first {@code calls} model calls, the clean image that the guided velocity implies, {@code x0 = x − σ·v}, gets the
 * draft's sprites composed "over" it, and the velocity is turned towards that image, {@code v' = (x − x0') / σ}.
 * Only the images marked in {@code use} are guided: those whose sprites are in the style the prompt asked for (or
 * asked for none); a restyle keeps the model's own drawing. Where the draft is empty (alpha 0) nothing changes.
 * Calls are counted in the schedule, so an edit that starts later runs fewer guided calls (none once it starts past
 * the first {@code calls}), and image-to-image at strength 1 stays text-to-image.
 *
 * @param drafts         each image's draft {@code // [n, 4, S, S]}: premultiplied RGB and alpha in [-1, 1], the
 *                       denoiser's canvas, whose colour is composed over white with alpha in channel 3
 * @param use            per image, whether it is guided
 * @param calls          how many of the schedule's first calls are guided (0: none)
 * @param trainTimesteps the scheduler's {@code num_train_timesteps}: a call's timestep is {@code σ · trainTimesteps}
 */
record DraftGuide(float[] drafts, boolean[] use, int calls, double trainTimesteps) {
    /** The sampler's smallest sigma is about 0.004–0.009; only σ = 0 would be clamped (as the exported graph does). */
    static final double SIGMA_FLOOR = 1e-3;
    private static final int CHANNELS = 4;

    DraftGuide {
        if (calls < 0) throw new IllegalArgumentException("draft guidance calls must be ≥ 0, got " + calls);
        if (drafts.length % (CHANNELS * use.length) != 0) {
            throw new IllegalArgumentException("drafts hold " + drafts.length + " values, not a multiple of 4 channels × " + use.length + " images");
        }
        use = use.clone();
    }

    /**
     * The velocity of call {@code call} (its index in the schedule) with the draft drawn over the image it implies;
     * {@code velocity} itself after the guided calls or where no image is guided.
     *
     * @param velocity the guided model output {@code // [n, 4, S, S]}
     * @param sample   the sample it was computed at, the same shape
     * @param timestep the call's timestep ({@code σ · trainTimesteps})
     */
    float[] apply(float[] velocity, float[] sample, double timestep, int call) {
        if (call >= calls) return velocity;
        double sigma = timestep / trainTimesteps;
        double div = Math.max(sigma, SIGMA_FLOOR);
        int per = drafts.length / use.length;
        int plane = per / CHANNELS;
        float[] out = velocity.clone();
        for (int k = 0; k < use.length; k++) {
            if (!use[k]) continue;
            int base = k * per;
            for (int p = 0; p < plane; p++) {
                double a = (drafts[base + 3 * plane + p] + 1) / 2;
                if (a <= 0) continue;
                for (int c = 0; c < CHANNELS; c++) {
                    int i = base + c * plane + p;
                    double x0 = (sample[i] - sigma * velocity[i] + 1) / 2;  // the implied image in [0, 1]
                    double over = (c < 3 ? (drafts[i] + 1) / 2 : a) + (1 - a) * x0;
                    out[i] = (float) ((sample[i] - (2 * over - 1)) / div);
                }
            }
        }
        return out;
    }
}
