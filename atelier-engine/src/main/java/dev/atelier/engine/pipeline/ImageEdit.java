package dev.atelier.engine.pipeline;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.sched.SchedulerRun;

/**
 * What image-to-image and inpainting change in the denoising loop, one implementation for every architecture
 * (docs/edits.md), after diffusers' {@code StableDiffusionImg2ImgPipeline} and {@code StableDiffusionInpaintPipeline}:
 * <ul>
 * <li>start: of {@code steps} inference steps the last {@code min(int(steps·strength), steps)} run
 *     ({@code get_timesteps}), from the start image's latents noised to the first of them ({@code add_noise}); an
 *     inpainting at strength 1 starts from pure noise times {@code init_noise_sigma} instead ({@code is_strength_max});</li>
 * <li>a denoiser with {@code C + 5} input channels (Stable Diffusion's inpainting UNets) reads the latents, the mask
 *     on the latent grid and the latents of the start image with the masked area blanked to 0, concatenated;</li>
 * <li>any other denoiser inpaints RePaint-style: after every step the kept area's latents are replaced by the start
 *     image's noised to the next call's level (clean after the last step);</li>
 * <li>finally the picture is composed with the start image through a feathered mask ({@link EditMask#compose}), so
 *     pixels outside the mask are exactly the start image's.</li>
 * </ul>
 * One instance per generation: it keeps the start noise for the blend.
 */
final class ImageEdit {
    private final InitImage init;
    private final int first;
    private final float[] clean;         // [n, C, h, w]: the start image's latents, per image
    private final float[] blendMask;     // [h, w]: 1 = regenerate; null unless RePaint-style inpainting
    private final float[] conditioning;  // [n, 5, h, w]: mask ‖ masked-image latents; null unless a C + 5 channel model
    private final int channels;
    private final int plane;
    private float[] noise;

    private ImageEdit(InitImage init, int first, float[] clean, float[] blendMask, float[] conditioning, int channels, int plane) {
        this.init = init;
        this.first = first;
        this.clean = clean;
        this.blendMask = blendMask;
        this.conditioning = conditioning;
        this.channels = channels;
        this.plane = plane;
    }

    /**
     * @param init          the resolved edit (its strength set)
     * @param steps         the request's inference steps
     * @param order         model calls per step ({@code SchedulerKind.order})
     * @param encoder       the package's encoder
     * @param latentShape   {@code [n, C, h, w]}
     * @param modelChannels the channels the denoiser's {@code sample} input declares (−1 where dynamic)
     */
    static ImageEdit prepare(InitImage init, int steps, int order, LatentEncoder encoder, long[] latentShape, int modelChannels) {
        int n = (int) latentShape[0];
        int c = (int) latentShape[1];
        int h = (int) latentShape[2];
        int w = (int) latentShape[3];
        boolean extended = modelChannels == c + 5;
        if (modelChannels > 0 && modelChannels != c && !extended) {
            throw new IllegalStateException("the denoiser reads " + modelChannels + " channels; expected " + c + " or " + (c + 5));
        }
        float[] one = encoder.encode(LatentEncoder.signedPlanar(init.image()), init.image());  // [1, C, h, w]
        float[] clean = repeat(one, n);
        EditMask mask = init.mask() == null ? null : EditMask.of(init.mask());
        float[] onGrid = mask == null ? null : mask.onGrid(w, h);
        float[] conditioning = null;
        if (extended) {
            // an inpainting UNet also reads img2img requests: then everything may change
            float[] m = onGrid != null ? onGrid : filled(w * h, 1f);
            float[] masked = LatentEncoder.signedPlanar(init.image());
            int pixels = init.image().width() * init.image().height();
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < pixels; p++) if (mask == null || mask.edit()[p]) masked[ch * pixels + p] = 0f;
            }
            float[] maskedLatents = encoder.encode(masked, init.image());
            float[] per = new float[5 * w * h];
            System.arraycopy(m, 0, per, 0, w * h);
            System.arraycopy(maskedLatents, 0, per, w * h, 4 * w * h);
            conditioning = repeat(per, n);
        }
        return new ImageEdit(init, firstCall(steps, init.strengthOrDefault(), order), clean,
                extended ? null : onGrid, conditioning, c, h * w);
    }

    /** The first model call kept (diffusers' {@code get_timesteps}: {@code t_start · order}). */
    static int firstCall(int steps, double strength, int order) {
        int initTimestep = Math.min((int) (steps * strength), steps);
        return Math.max(steps - initTimestep, 0) * order;
    }

    int firstCall() {
        return first;
    }

    /** The sample to begin at {@link #firstCall()} from {@code noise} {@code // [n, C, h, w]} (the run is begun there). */
    float[] start(SchedulerRun run, float[] noise) {
        this.noise = noise.clone();
        if (first > 0) run.beginAt(first);
        if (init.inpainting() && init.strengthOrDefault() >= 1.0) {
            float[] x = noise.clone();
            float s = (float) run.initNoiseSigma();
            for (int i = 0; i < x.length; i++) x[i] *= s;
            return x;
        }
        return run.addNoise(clean, noise, first);
    }

    /** The channels the model reads this call: the scaled latents, then for a C + 5 channel model the conditioning. */
    float[] modelInput(float[] scaled) {
        if (conditioning == null) return scaled;
        int n = scaled.length / (channels * plane);
        float[] out = new float[n * (channels + 5) * plane];
        for (int b = 0; b < n; b++) {
            System.arraycopy(scaled, b * channels * plane, out, b * (channels + 5) * plane, channels * plane);
            System.arraycopy(conditioning, b * 5 * plane, out, (b * (channels + 5) + channels) * plane, 5 * plane);
        }
        return out;
    }

    /** Channels of {@link #modelInput}. */
    int modelChannels() {
        return conditioning == null ? channels : channels + 5;
    }

    /** After call {@code index}: the kept area back to the start image at the next call's noise level. */
    float[] afterStep(SchedulerRun run, float[] latents, int index) {
        if (blendMask == null) return latents;
        boolean last = index + 1 >= run.timesteps().length;
        float[] known = last ? clean : run.addNoise(clean, noise, index + 1);
        float[] out = new float[latents.length];
        for (int i = 0; i < out.length; i++) {
            float m = blendMask[i % plane];
            out[i] = (1 - m) * known[i] + m * latents[i];
        }
        return out;
    }

    /** The delivered picture: for inpainting, composed with the start image through the feathered mask. */
    RgbImage finish(RgbImage generated) {
        return init.mask() == null ? generated : EditMask.of(init.mask()).compose(generated, init.image());
    }

    /** An image's parameters with this edit's strength, start image and whether it inpainted. */
    GenerationParameters describe(GenerationParameters p) {
        return p.withEdit(init.strengthOrDefault(), init.name(), init.inpainting());
    }

    private static float[] repeat(float[] one, int n) {
        float[] out = new float[one.length * n];
        for (int b = 0; b < n; b++) System.arraycopy(one, 0, out, b * one.length, one.length);
        return out;
    }

    private static float[] filled(int length, float v) {
        float[] out = new float[length];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
