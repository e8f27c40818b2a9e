package dev.atelier.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerRun;
import dev.atelier.engine.sched.Schedulers;
import dev.atelier.engine.text.TokenizedText;
import dev.atelier.engine.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Text to image with classifier-free guidance, following diffusers' {@code OnnxStableDiffusionPipeline}:
 * the negative (or empty) prompt and the prompt are encoded, the noise is scaled by the scheduler's
 * {@code init_noise_sigma}, each step runs the denoiser once on the batch {@code [unconditional, conditional]}
 * and combines {@code u + g·(c − u)}, and the result is decoded and mapped with {@code clip(x/2 + 0.5, 0, 1)}.
 * Sessions are opened once; {@link #generate} is thread-safe.
 */
public final class TextToImagePipeline implements Generator {
    private static final System.Logger LOG = System.getLogger(TextToImagePipeline.class.getName());

    private final ModelPackage pkg;
    private final Tokenizer tokenizer;
    private final TextEncoder textEncoder;
    private final Denoiser denoiser;
    private final ImageDecoder decoder;
    private final Scheduler defaultScheduler;
    private final EmbeddingCache cache;

    private TextToImagePipeline(ModelPackage pkg, Tokenizer tokenizer, TextEncoder textEncoder, Denoiser denoiser,
                                ImageDecoder decoder, Scheduler defaultScheduler, int cacheSize) {
        this.pkg = pkg;
        this.tokenizer = tokenizer;
        this.textEncoder = textEncoder;
        this.denoiser = denoiser;
        this.decoder = decoder;
        this.defaultScheduler = defaultScheduler;
        this.cache = new EmbeddingCache(cacheSize);
    }

    /**
     * Opens every session of {@code pkg}; a broken file fails here with its path and what was expected. Callers
     * outside the engine's tests go through {@code Architectures.open}, which picks the generator.
     */
    public static TextToImagePipeline open(ModelPackage pkg, PipelineOptions options) {
        var env = OrtEnvironment.getEnvironment();
        Tokenizer tokenizer = pkg.loadTokenizer();
        Scheduler scheduler = Schedulers.fromConfigFile(pkg.schedulerConfig());
        try (OrtSession.SessionOptions so = OnnxSessions.options(options)) {
            LOG.log(System.Logger.Level.INFO, "opening {0} on {1} with {2} threads",
                    pkg.name(), options.provider().name(), options.threads());
            TextEncoder te = new TextEncoder(env, so, pkg.textEncoder());
            Denoiser dn = null;
            try {
                dn = new Denoiser(env, so, pkg.denoiser());
                ImageDecoder dec = pkg.vaeDecoder().isPresent()
                        ? new VaeDecoder(env, so, pkg.vaeDecoder().get(), pkg.defaults().latentScaling())
                        : ImageDecoder.identity();
                return new TextToImagePipeline(pkg, tokenizer, te, dn, dec, scheduler, options.cacheSize());
            } catch (RuntimeException e) {
                te.close();
                if (dn != null) dn.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelPackage modelPackage() {
        return pkg;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Scheduler defaultScheduler() {
        return defaultScheduler;
    }

    /** How many prompts the text encoder has run on (cache misses). */
    long textEncoderRuns() {
        return cache.misses();
    }

    @Override
    public long onnxNanos() {
        return textEncoder.runNanos() + denoiser.runNanos() + decoder.runNanos();
    }

    /** Runs a resolved request ({@code RequestResolver} checked it against this package). */
    @Override
    public GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancel) {
        if (request.init() != null) throw new IllegalArgumentException(pkg.name() + " generates from text only");
        ModelDefaults geo = pkg.defaults();
        long start = System.nanoTime();
        long onnxStart = onnxNanos();
        List<String> warnings = new ArrayList<>();
        boolean cfg = request.usesGuidance();
        int maxLen = tokenizer.modelMaxLength();

        TokenizedText cond = tokenizer.encode(request.prompt(), maxLen);
        TokenizedText uncond = cfg ? tokenizer.encode(request.negativePrompt(), maxLen) : null;
        if (cond.truncated()) warnings.add("prompt is longer than the model's " + maxLen + " tokens and was truncated");
        if (uncond != null && uncond.truncated()) warnings.add("negative prompt was truncated to " + maxLen + " tokens");
        pkg.vocabulary().flatMap(v -> v.warningFor(pkg.name(), request.prompt())).ifPresent(warnings::add);
        long tokenized = System.nanoTime();

        float[] condHidden = cache.get(cond.ids(), () -> textEncoder.encode(cond.ids()));
        float[] uncondHidden = cfg ? cache.get(uncond.ids(), () -> textEncoder.encode(uncond.ids())) : null;
        long encoded = System.nanoTime();

        int n = request.count();
        int batch = cfg ? 2 * n : n;
        int perPrompt = condHidden.length;
        float[] hidden = new float[batch * perPrompt];  // [batch, L, D]: unconditional rows first, as diffusers
        for (int b = 0; b < batch; b++) {
            float[] src = cfg && b < n ? uncondHidden : condHidden;
            System.arraycopy(src, 0, hidden, b * perPrompt, perPrompt);
        }
        long[] hiddenShape = {batch, cond.ids().length, perPrompt / cond.ids().length};

        int c = geo.latentChannels();
        int h = request.height() / geo.vaeScaleFactor();
        int w = request.width() / geo.vaeScaleFactor();
        long[] latentShape = {n, c, h, w};
        Scheduler scheduler = request.scheduler() != null ? request.scheduler() : defaultScheduler;
        SchedulerRun run = scheduler.start(request.steps());
        SeededNoise noise = new SeededNoise(request.seed(), n);
        float[] latents = initialLatents(request, latentShape, noise);
        float sigma0 = (float) run.initNoiseSigma();
        for (int i = 0; i < latents.length; i++) latents[i] *= sigma0;

        double[] timesteps = run.timesteps();
        long[] stepNanos = new long[timesteps.length];
        long[] modelShape = {batch, c, h, w};
        for (int i = 0; i < timesteps.length; i++) {
            cancel.throwIfCancelled();
            long s0 = System.nanoTime();
            float[] scaled = run.scaleModelInput(latents, i);  // [n, C, h, w]
            float[] input = cfg ? concat(scaled, scaled) : scaled;
            float[] out = denoiser.predict(input, modelShape, timesteps[i], hidden, hiddenShape);
            float[] guided = cfg ? guide(out, (float) request.guidance()) : out;
            latents = run.step(guided, i, latents, noise);
            stepNanos[i] = System.nanoTime() - s0;
            listener.onStep(new StepEvent(i + 1, timesteps.length, stepNanos[i], latents, latentShape));
        }
        cancel.throwIfCancelled();

        long d0 = System.nanoTime();
        float[] pixels = decoder.decode(latents, latentShape);  // [n, 3, H, W]
        long decoded = System.nanoTime();

        List<GeneratedImage> images = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long seed = request.seed() + k;
            var params = new GenerationParameters(request.prompt(), request.negativePrompt(), request.steps(),
                    scheduler.kind().cliName(), request.guidance(), seed, request.width(), request.height(), pkg.name());
            images.add(new GeneratedImage(RgbImage.fromSignedPlanar(pixels, k, request.width(), request.height()), seed, params));
        }
        long end = System.nanoTime();
        var timings = new StageTimings(tokenized - start, encoded - tokenized, stepNanos, decoded - d0, 0,
                onnxNanos() - onnxStart, end - start);
        return new GenerationResult(images, timings, warnings);
    }

    private static float[] initialLatents(GenerationRequest r, long[] shape, SeededNoise noise) {
        int size = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
        if (r.initialLatents() == null) return noise.next(size);
        float[] given = r.initialLatents().toFloats();
        if (given.length != size) throw new IllegalArgumentException("initial latents must have shape " + Arrays.toString(shape));
        return given;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // out = [unconditional; conditional] → u + g·(c − u), in float32 as diffusers computes it.
    private static float[] guide(float[] out, float g) {
        int half = out.length / 2;
        float[] guided = new float[half];
        for (int i = 0; i < half; i++) {
            float u = out[i];
            guided[i] = u + g * (out[half + i] - u);
        }
        return guided;
    }

    @Override
    public Optional<RgbImage> preview(StepEvent step, int index, int width, int height) {
        return Previews.of(step.sample(), step.shape(), index, pkg.defaults(), width, height);
    }

    @Override
    public void close() {
        textEncoder.close();
        denoiser.close();
        decoder.close();
    }
}
