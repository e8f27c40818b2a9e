package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.SchedulerRun;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The denoising loop the generators share: the initial noise scaled by the scheduler's {@code init_noise_sigma}, then
 * per step one denoiser call on the batch {@code [unconditional; conditional]} combined as {@code u + g·(c − u)}
 * (classifier-free guidance, as diffusers' pipelines do; without guidance the conditional rows only), a scheduler step,
 * a progress event and a cancellation check.
 *
 * @param denoiser    the model
 * @param hidden      the encoder states of the model's batch {@code // [rows, L, D]}, rows as {@link #rows} lays them out
 * @param hiddenShape its shape
 * @param draft       a retrieval model's drafts {@code // [rows, C', h, w]}, or null
 * @param draftShape  its shape, or null
 * @param conditioning the further inputs the denoiser reads (SDXL's {@code text_embeds} and {@code time_ids}, LCM's
 *                    {@code timestep_cond}) by name, rows as {@link #rows} lays them out; empty for none
 * @param guidance    the guidance scale g of each image of the batch, used when {@code guided} (a batch of several
 *                    requests may mix scales)
 * @param guided      whether the batch holds unconditional rows
 * @param draftGuide  a retrieval model's draft guidance of the schedule's first calls (those an edit runs of them too), or null
 */
record GuidedSampler(Denoiser denoiser, float[] hidden, long[] hiddenShape, float[] draft, long[] draftShape,
                     Map<String, Denoiser.Input> conditioning, float[] guidance, boolean guided, DraftGuide draftGuide) {
    GuidedSampler {
        Map<String, Denoiser.Input> inputs = new HashMap<>(conditioning);
        if (draft != null) inputs.put(Denoiser.DRAFT, new Denoiser.Input(draft, draftShape));
        conditioning = Map.copyOf(inputs);
        guidance = guidance.clone();
    }

    /** The scale {@code g} for each of {@code n} images. */
    static float[] uniform(double g, int n) {
        float[] out = new float[n];
        Arrays.fill(out, (float) g);
        return out;
    }

    /**
     * The model's batch rows for {@code n} images: {@code n} copies of {@code uncond} then {@code n} of {@code cond}
     * when guided (unconditional rows first, as diffusers), else {@code n} of {@code cond}.
     */
    static float[] rows(float[] uncond, float[] cond, int n, boolean guided) {
        int per = cond.length;
        int batch = guided ? 2 * n : n;
        float[] out = new float[batch * per];
        for (int b = 0; b < batch; b++) System.arraycopy(guided && b < n ? uncond : cond, 0, out, b * per, per);
        return out;
    }

    /** The request's starting noise {@code // [n, C, h, w]} if it gives one (reference runs), else drawn from its seeds. */
    static float[] initialNoise(GenerationRequest r, long[] shape, SeededNoise noise) {
        int size = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
        if (r.initialLatents() == null) return noise.next(size);
        float[] given = r.initialLatents().toFloats();
        if (given.length != size) throw new IllegalArgumentException("initial latents must have shape " + Arrays.toString(shape));
        return given;
    }

    /**
     * Runs every step of {@code run} from {@code latents} (unscaled noise {@code // [n, C, h, w]}), recording each
     * step's time in {@code stepNanos}; returns the final sample.
     *
     * @throws GenerationCancelledException if {@code cancel} is cancelled before a step or after the last
     */
    float[] sample(SchedulerRun run, float[] latents, long[] latentShape, SeededNoise noise, long[] stepNanos,
                   ProgressListener listener, CancellationToken cancel) {
        return sample(run, latents, latentShape, noise, stepNanos, listener, cancel, null);
    }

    /**
     * As above; with an {@code edit} (image-to-image, inpainting) the run begins where the edit says, from the start
     * image noised with {@code latents}, and the edit adds the model's extra channels and blends after each step.
     * {@code stepNanos} gets one entry per call made ({@link #calls}).
     */
    float[] sample(SchedulerRun run, float[] latents, long[] latentShape, SeededNoise noise, long[] stepNanos,
                   ProgressListener listener, CancellationToken cancel, ImageEdit edit) {
        int first = edit == null ? 0 : edit.firstCall();
        if (edit == null) {
            float sigma0 = (float) run.initNoiseSigma();
            for (int i = 0; i < latents.length; i++) latents[i] *= sigma0;
        } else {
            latents = edit.start(run, latents);
        }
        double[] timesteps = run.timesteps();
        long[] modelShape = latentShape.clone();
        if (guided) modelShape[0] *= 2;
        if (edit != null) modelShape[1] = edit.modelChannels();
        double[] t = new double[(int) modelShape[0]];
        int calls = timesteps.length - first;
        for (int i = first; i < timesteps.length; i++) {
            cancel.throwIfCancelled();
            long s0 = System.nanoTime();
            float[] scaled = run.scaleModelInput(latents, i);  // [n, C, h, w]
            if (edit != null) scaled = edit.modelInput(scaled);  // [n, C (+ 5), h, w]
            float[] input = guided ? concat(scaled, scaled) : scaled;
            Arrays.fill(t, timesteps[i]);
            float[] out = denoiser.predict(input, modelShape, t, hidden, hiddenShape, conditioning);
            float[] velocity = guided ? guide(out, guidance) : out;
            if (draftGuide != null) velocity = draftGuide.apply(velocity, latents, timesteps[i], i);
            latents = run.step(velocity, i, latents, noise);
            if (edit != null) latents = edit.afterStep(run, latents, i);
            int done = i - first;
            stepNanos[done] = System.nanoTime() - s0;
            listener.onStep(new StepEvent(done + 1, calls, stepNanos[done], latents, latentShape));
        }
        cancel.throwIfCancelled();
        return latents;
    }

    /** The model calls a run makes: all of them, or from an edit's first call. */
    static int calls(SchedulerRun run, ImageEdit edit) {
        return run.timesteps().length - (edit == null ? 0 : edit.firstCall());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // out = [unconditional; conditional] → u + g·(c − u), in float32 as diffusers computes it; g is image i's
    private static float[] guide(float[] out, float[] g) {
        int half = out.length / 2;
        int per = half / g.length;
        float[] guided = new float[half];
        for (int i = 0; i < half; i++) {
            float u = out[i];
            guided[i] = u + g[i / per] * (out[half + i] - u);
        }
        return guided;
    }
}
