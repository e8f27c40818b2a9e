package dev.atelier.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerRun;
import dev.atelier.engine.sched.Schedulers;
import dev.atelier.engine.text.Tokenizer;
import dev.atelier.engine.text.Tokenizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Text to image with classifier-free guidance, following diffusers' {@code OnnxStableDiffusionPipeline}:
 * the negative (or empty) prompt and the prompt are encoded, the noise is scaled by the scheduler's
 * {@code init_noise_sigma}, each step runs the denoiser once on the batch {@code [unconditional, conditional]}
 * and combines {@code u + g·(c − u)}, and the result is decoded and mapped with {@code clip(x/2 + 0.5, 0, 1)}.
 * A guidance scale ≤ 1 runs the conditional rows only. SDXL packages (two text encoders: {@link DualPromptEncoder})
 * and guidance-distilled UNets (LCM) get their further inputs from {@link UNetConditioning}; the latter run without
 * the unconditional rows whatever the scale. Sessions are opened once; {@link #generate} is thread-safe.
 */
public final class TextToImagePipeline implements Generator {
    private static final System.Logger LOG = System.getLogger(TextToImagePipeline.class.getName());

    private final ModelPackage pkg;
    private final Prompts prompts;
    private final Denoiser denoiser;
    private final ImageDecoder decoder;
    private final Scheduler defaultScheduler;
    private final LatentEncoder encoder;  // null where the package cannot start from an image

    private TextToImagePipeline(ModelPackage pkg, Prompts prompts, Denoiser denoiser, ImageDecoder decoder,
                                Scheduler defaultScheduler, LatentEncoder encoder) {
        this.pkg = pkg;
        this.encoder = encoder;
        this.prompts = prompts;
        this.denoiser = denoiser;
        this.decoder = decoder;
        this.defaultScheduler = defaultScheduler;
    }

    /**
     * Opens every session of {@code pkg}; a broken file fails here with its path and what was expected. Callers
     * outside the engine's tests go through {@code Architectures.open}, which picks the generator.
     */
    public static TextToImagePipeline open(ModelPackage pkg, PipelineOptions options) {
        return open(pkg, options, false);
    }

    /**
     * As {@link #open(ModelPackage, PipelineOptions)}; a package with {@link #TEXT_ENCODER_2} and {@link #TOKENIZER_2}
     * among its extras (SDXL) encodes prompts with both encoders, and {@code zerosForEmptyNegative} is its
     * {@code force_zeros_for_empty_prompt}.
     */
    public static TextToImagePipeline open(ModelPackage pkg, PipelineOptions options, boolean zerosForEmptyNegative) {
        var env = OrtEnvironment.getEnvironment();
        Tokenizer tokenizer = pkg.loadTokenizer();
        Scheduler scheduler = Schedulers.fromConfigFile(pkg.schedulerConfig());
        boolean dual = pkg.extras().containsKey(TEXT_ENCODER_2);
        try (OrtSession.SessionOptions so = OnnxSessions.options(options)) {
            LOG.log(System.Logger.Level.INFO, "opening {0} on {1} with {2} threads",
                    pkg.name(), options.provider().name(), options.threads());
            List<AutoCloseable> opened = new ArrayList<>();
            try {
                Prompts prompts;
                if (dual) {
                    Tokenizer tokenizer2 = secondTokenizer(pkg);
                    TextEncoder te = push(opened, new TextEncoder(env, so, pkg.textEncoder(), true, false));
                    TextEncoder te2 = push(opened, new TextEncoder(env, so, pkg.extra(TEXT_ENCODER_2), true, true));
                    prompts = new DualPromptEncoder(tokenizer, te, tokenizer2, te2, zerosForEmptyNegative, options.cacheSize());
                } else {
                    prompts = new PromptEncoder(tokenizer, push(opened, new TextEncoder(env, so, pkg.textEncoder())),
                            options.cacheSize());
                }
                Denoiser dn = push(opened, new Denoiser(env, so, pkg.denoiser()));
                UNetConditioning.check(dn, prompts);
                ImageDecoder dec = pkg.vaeDecoder().isPresent()
                        ? push(opened, new VaeDecoder(env, so, pkg.vaeDecoder().get(), pkg.defaults().latentScaling()))
                        : ImageDecoder.identity();
                return new TextToImagePipeline(pkg, prompts, dn, dec, scheduler, encoder(pkg, env, so));
            } catch (RuntimeException e) {
                for (AutoCloseable c : opened) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // already failing
                    }
                }
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static <T extends AutoCloseable> T push(List<AutoCloseable> opened, T c) {
        opened.add(c);
        return c;
    }

    private static Tokenizer secondTokenizer(ModelPackage pkg) {
        Path dir = pkg.extra(TOKENIZER_2);
        try {
            return Tokenizers.load(dir);
        } catch (java.io.IOException e) {
            throw new ModelPackageException(dir, e.getMessage());
        }
    }

    // Stable Diffusion: its vae_encoder; an Atelier pixel-space package: its canvas; else none (text only)
    private static LatentEncoder encoder(ModelPackage pkg, OrtEnvironment env, OrtSession.SessionOptions so) {
        if (!pkg.capabilities().imageToImage()) return null;
        ModelDefaults geo = pkg.defaults();
        if (pkg.extras().containsKey(VAE_ENCODER)) {
            return new VaeEncoder(env, so, pkg.extra(VAE_ENCODER), geo.latentScaling());
        }
        return new CanvasEncoder(geo.vaeScaleFactor(), geo.latentChannels());
    }

    /** The {@code ModelPackage.extras} name of a Stable Diffusion package's VAE encoder. */
    public static final String VAE_ENCODER = "vae_encoder";
    /** The {@code ModelPackage.extras} names of SDXL's second tokenizer (a folder) and text encoder. */
    public static final String TOKENIZER_2 = "tokenizer_2";
    public static final String TEXT_ENCODER_2 = "text_encoder_2";

    @Override
    public ModelPackage modelPackage() {
        return pkg;
    }

    @Override
    public Tokenizer tokenizer() {
        return prompts.tokenizer();
    }

    @Override
    public Scheduler defaultScheduler() {
        return defaultScheduler;
    }

    /** How many prompts the text encoder has run on (cache misses). */
    long textEncoderRuns() {
        return prompts.encoderRuns();
    }

    /** How many times the denoiser has run, and on how many batch rows in all. */
    long denoiserCalls() {
        return denoiser.calls();
    }

    long denoiserRows() {
        return denoiser.rows();
    }

    @Override
    public long onnxNanos() {
        return prompts.runNanos() + denoiser.runNanos() + decoder.runNanos() + (encoder == null ? 0 : encoder.runNanos());
    }

    /** Runs a resolved request ({@code RequestResolver} checked it against this package). */
    @Override
    public GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancel) {
        if (request.init() != null && encoder == null) throw new IllegalArgumentException(pkg.name() + " generates from text only");
        ModelDefaults geo = pkg.defaults();
        long start = System.nanoTime();
        long onnxStart = onnxNanos();
        List<String> warnings = new ArrayList<>();
        boolean cfg = request.usesGuidance() && !UNetConditioning.embedsGuidance(denoiser);
        pkg.vocabulary().flatMap(v -> v.warningFor(pkg.name(), request.prompt())).ifPresent(warnings::add);
        long e0 = System.nanoTime();
        PromptEncoder.States states = prompts.encode(request.prompt(), request.negativePrompt(), cfg, warnings);
        long encoded = System.nanoTime();

        int n = request.count();
        float[] hidden = GuidedSampler.rows(states.uncond(), states.cond(), n, cfg);  // [batch, L, D]
        long[] hiddenShape = {cfg ? 2L * n : n, states.length(), states.width()};
        int c = geo.latentChannels();
        int h = request.height() / geo.vaeScaleFactor();
        int w = request.width() / geo.vaeScaleFactor();
        long[] latentShape = {n, c, h, w};
        Scheduler scheduler = request.scheduler() != null ? request.scheduler() : defaultScheduler;
        SchedulerRun run = scheduler.start(request.steps());
        SeededNoise noise = new SeededNoise(request.seed(), n);
        ImageEdit edit = request.init() == null ? null : ImageEdit.prepare(request.init(), request.steps(),
                scheduler.kind().order(), encoder, latentShape, denoiser.sampleChannels());
        if (edit == null && denoiser.sampleChannels() == c + 5) {
            throw new IllegalArgumentException(pkg.name() + " is an inpainting model: it needs a start image and a mask");
        }
        long[] stepNanos = new long[GuidedSampler.calls(run, edit)];
        var conditioning = UNetConditioning.inputs(denoiser, states, request, n, cfg);
        var sampler = new GuidedSampler(denoiser, hidden, hiddenShape, null, null, conditioning,
                GuidedSampler.uniform(request.guidance(), n), cfg, null);
        float[] latents = sampler.sample(run, GuidedSampler.initialNoise(request, latentShape, noise), latentShape, noise, stepNanos,
                listener, cancel, edit);

        long d0 = System.nanoTime();
        float[] pixels = decoder.decode(latents, latentShape);  // [n, 3, H, W]
        long decoded = System.nanoTime();

        List<GeneratedImage> images = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long seed = request.seed() + k;
            var params = new GenerationParameters(request.prompt(), request.negativePrompt(), request.steps(),
                    scheduler.kind().cliName(), request.guidance(), seed, request.width(), request.height(), pkg.name());
            if (edit != null) params = edit.describe(params);
            RgbImage image = RgbImage.fromSignedPlanar(pixels, k, request.width(), request.height());
            images.add(new GeneratedImage(edit == null ? image : edit.finish(image), seed, params));
        }
        long end = System.nanoTime();
        var timings = new StageTimings(states.tokenizeNanos(), encoded - e0 - states.tokenizeNanos(), stepNanos,
                decoded - d0, 0, onnxNanos() - onnxStart, end - start);
        return new GenerationResult(images, timings, warnings);
    }

    @Override
    public List<BatchOutcome> generateBatch(List<BatchItem> items) {
        // an inpainting UNet needs a start image, which no batched request has: each fails alone with its message
        if (denoiser.sampleChannels() == pkg.defaults().latentChannels() + 5) return Batches.oneByOne(this, items);
        return Batches.grouped(this, items, this::batched);
    }

    // requests with one BatchKey: each one's prompt states and conditioning rows, merged into one denoising run
    private List<BatchOutcome> batched(List<BatchItem> group) {
        ModelDefaults geo = pkg.defaults();
        long start = System.nanoTime();
        long onnxStart = onnxNanos();
        BatchOutcome[] out = new BatchOutcome[group.size()];
        List<List<String>> warnings = new ArrayList<>();
        List<float[]> hidden = new ArrayList<>();
        List<java.util.Map<String, Denoiser.Input>> conditioning = new ArrayList<>();
        List<PromptEncoder.States> states = new ArrayList<>();
        boolean cfg = group.getFirst().request().usesGuidance() && !UNetConditioning.embedsGuidance(denoiser);
        List<Integer> live = Batches.conditionEach(group, out, r -> {
            List<String> w = new ArrayList<>();
            pkg.vocabulary().flatMap(v -> v.warningFor(pkg.name(), r.prompt())).ifPresent(w::add);
            PromptEncoder.States st = prompts.encode(r.prompt(), r.negativePrompt(), cfg, w);
            var inputs = UNetConditioning.inputs(denoiser, st, r, r.count(), cfg);
            // added only once nothing can fail, so that the lists stay in step with the live requests
            hidden.add(GuidedSampler.rows(st.uncond(), st.cond(), r.count(), cfg));  // [rows_k, L, D]
            conditioning.add(inputs);
            states.add(st);
            warnings.add(w);
        });
        if (live.isEmpty()) return List.of(out);
        long encoded = System.nanoTime();
        List<BatchItem> items = live.stream().map(group::get).toList();
        int[] counts = Batches.counts(items);
        int n = java.util.Arrays.stream(counts).sum();
        GenerationRequest first = items.getFirst().request();
        PromptEncoder.States st0 = states.getFirst();
        float[] batchHidden = Batches.merge(hidden, counts, cfg);  // [batch, L, D]
        long[] hiddenShape = {cfg ? 2L * n : n, st0.length(), st0.width()};
        long[] latentShape = {n, geo.latentChannels(), first.height() / geo.vaeScaleFactor(), first.width() / geo.vaeScaleFactor()};
        Scheduler scheduler = first.scheduler() != null ? first.scheduler() : defaultScheduler;
        var sampler = new GuidedSampler(denoiser, batchHidden, hiddenShape, null, null,
                Batches.mergeInputs(conditioning, counts, cfg), BatchSampling.guidance(items), cfg, null);
        BatchSampling.run(sampler, scheduler, latentShape, items, live, out, pkg.name(),
                decoder::decode,  // [n, 3, H, W]
                (pixels, index, r) -> RgbImage.fromSignedPlanar(pixels, index, r.width(), r.height()),
                (k, images, stepNanos, decodeNanos) -> new GenerationResult(images, new StageTimings(states.get(k).tokenizeNanos(),
                        encoded - start - states.get(k).tokenizeNanos(), stepNanos, decodeNanos, 0, onnxNanos() - onnxStart,
                        System.nanoTime() - start), warnings.get(k)));
        return List.of(out);
    }

    @Override
    public Optional<RgbImage> preview(StepEvent step, int index, int width, int height) {
        return Previews.of(step.sample(), step.shape(), index, pkg.defaults(), width, height);
    }

    @Override
    public void close() {
        prompts.close();
        denoiser.close();
        decoder.close();
        if (encoder != null) encoder.close();
    }
}
