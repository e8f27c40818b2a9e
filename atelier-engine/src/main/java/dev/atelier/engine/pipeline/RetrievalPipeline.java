package dev.atelier.engine.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.library.DraftRenderer;
import dev.atelier.engine.library.Library;
import dev.atelier.engine.library.LibraryEntry;
import dev.atelier.engine.library.Planner;
import dev.atelier.engine.library.Retrieval;
import dev.atelier.engine.library.Retriever;
import dev.atelier.engine.library.Sprite;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerRun;
import dev.atelier.engine.sched.Schedulers;
import dev.atelier.engine.text.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A retrieval-augmented model (atelier-image-2; docs/model-package.md): the prompt's library entries are retrieved,
 * planned on the canvas and drawn into a draft; their sprites become reference tokens appended to the text states;
 * the flow-matching sampler runs with classifier-free guidance whose unconditional half has the negative (by default
 * empty) prompt, empty reference slots and an empty draft; the learned upsampler doubles the RGBA canvas. The colour
 * channels are composed over white; a transparent request keeps the alpha channel and un-composes the colour.
 * Sessions and the library are opened once; {@link #generate} is thread-safe.
 */
public final class RetrievalPipeline implements Generator {
    private static final System.Logger LOG = System.getLogger(RetrievalPipeline.class.getName());
    private static final int REFERENCE_CACHE = 256;

    private final ModelPackage pkg;
    private final RetrievalSettings settings;
    private final Retriever retriever;
    private final PromptEncoder prompts;
    private final ReferenceEncoder referenceEncoder;
    private final Denoiser denoiser;
    private final Upsampler upsampler;
    private final Scheduler defaultScheduler;
    private final EmbeddingCache<Sprite, float[]> referenceCache = new EmbeddingCache<>(REFERENCE_CACHE);
    private final float[] emptySlot;  // [T, D]: the tokens of an empty slot

    private RetrievalPipeline(ModelPackage pkg, RetrievalSettings settings, Retriever retriever, PromptEncoder prompts,
                              ReferenceEncoder referenceEncoder, Denoiser denoiser, Upsampler upsampler, Scheduler scheduler) {
        this.pkg = pkg;
        this.settings = settings;
        this.retriever = retriever;
        this.prompts = prompts;
        this.referenceEncoder = referenceEncoder;
        this.denoiser = denoiser;
        this.upsampler = upsampler;
        this.defaultScheduler = scheduler;
        this.emptySlot = referenceEncoder.encode(DraftRenderer.empty(Sprite.SIZE), 1, Sprite.SIZE);
    }

    /**
     * Opens every session of {@code pkg} and its library; a broken file fails here with its path and what was
     * expected. Callers outside the engine's tests go through {@code Architectures.open}.
     */
    public static RetrievalPipeline open(ModelPackage pkg, RetrievalSettings settings, PipelineOptions options) {
        var env = OrtEnvironment.getEnvironment();
        Tokenizer tokenizer = pkg.loadTokenizer();
        Scheduler scheduler = Schedulers.fromConfigFile(pkg.schedulerConfig());
        Retriever retriever = new Retriever(Library.open(pkg.extra("library")));
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try (OrtSession.SessionOptions so = OnnxSessions.options(options)) {
            LOG.log(System.Logger.Level.INFO, "opening {0} on {1} with {2} threads",
                    pkg.name(), options.provider().name(), options.threads());
            var prompts = push(opened, new PromptEncoder(tokenizer, new TextEncoder(env, so, pkg.textEncoder()), options.cacheSize()));
            var references = push(opened, new ReferenceEncoder(env, so, pkg.extra("reference_encoder")));
            var denoiser = push(opened, new Denoiser(env, so, pkg.denoiser(), true));
            var upsampler = push(opened, new Upsampler(env, so, pkg.extra("upsampler")));
            return new RetrievalPipeline(pkg, settings, retriever, prompts, references, denoiser, upsampler, scheduler);
        } catch (OrtException e) {
            closeAll(opened);
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T stage) {
        opened.push(stage);
        return stage;
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failed open: the first error is the one to report
            }
        }
    }

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

    /** The retriever over the package's library (with the user's entries as they were when the model opened). */
    public Retriever retriever() {
        return retriever;
    }

    /** The package's conditioning settings ({@code model_index.json}). */
    public RetrievalSettings settings() {
        return settings;
    }

    /** How many times the denoiser has run (tests count a batch's calls). */
    long denoiserCalls() {
        return denoiser.calls();
    }

    @Override
    public long onnxNanos() {
        return prompts.runNanos() + referenceEncoder.runNanos() + denoiser.runNanos() + upsampler.runNanos();
    }

    /** Runs a resolved request ({@code RequestResolver} checked it against this package). */
    @Override
    public GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancel) {
        ModelDefaults geo = pkg.defaults();
        long start = System.nanoTime();
        long onnxStart = onnxNanos();
        List<String> warnings = new ArrayList<>();
        boolean cfg = request.usesGuidance();
        int n = request.count();
        int rows = cfg ? 2 * n : n;

        Retrieval found = retriever.retrieve(request.prompt());
        List<Retrieval.Hit> hits = found.hits().stream().limit(settings.slots()).toList();
        List<Sprite> hitSprites = hits.stream().map(Retrieval.Hit::sprite).toList();
        var placed = ReferencePictures.place(request.references(), hitSprites,
                Planner.plan(found).stream().filter(i -> i.hit() < hitSprites.size()).toList(), settings.slots());
        List<Sprite> sprites = placed.sprites();
        float[] draft = DraftRenderer.draft(sprites, placed.plan(), settings.draftSize());  // [4, S, S]
        float[] slots = slotTokens(sprites);  // [slots * T, D]
        long conditioned = System.nanoTime();
        PromptEncoder.States states = prompts.encode(textPrompt(request), request.negativePrompt(), cfg, warnings);
        long encoded = System.nanoTime();
        int width = states.width();
        float[] hidden = GuidedSampler.rows(cfg ? concat(states.uncond(), slotTokens(List.of())) : null,
                concat(states.cond(), slots), n, cfg);  // [rows, L + slots * T, D]
        long[] hiddenShape = {rows, hidden.length / ((long) rows * width), width};
        int s = settings.draftSize();
        float[] drafts = GuidedSampler.rows(cfg ? DraftRenderer.empty(s) : null, draft, n, cfg);  // [rows, 4, S, S]
        long[] draftShape = {rows, settings.draftChannels(), s, s};

        int c = geo.latentChannels();
        long[] latentShape = {n, c, request.height() / geo.vaeScaleFactor(), request.width() / geo.vaeScaleFactor()};
        Scheduler scheduler = request.scheduler() != null ? request.scheduler() : defaultScheduler;
        SchedulerRun run = scheduler.start(request.steps());
        SeededNoise noise = new SeededNoise(request.seed(), n);
        ImageEdit edit = request.init() == null ? null : ImageEdit.prepare(request.init(), request.steps(),
                scheduler.kind().order(), new CanvasEncoder(geo.vaeScaleFactor(), c), latentShape, c);
        long[] stepNanos = new long[GuidedSampler.calls(run, edit)];
        boolean[] use = new boolean[n];
        Arrays.fill(use, inAskedStyle(found, hits));
        var sampler = new GuidedSampler(denoiser, hidden, hiddenShape, drafts, draftShape, java.util.Map.of(),
                GuidedSampler.uniform(request.guidance(), n), cfg, draftGuide(drafts, use, cfg, scheduler));
        float[] latents = sampler.sample(run, GuidedSampler.initialNoise(request, latentShape, noise), latentShape, noise,
                stepNanos, listener, cancel, edit);

        long d0 = System.nanoTime();
        float[] pixels = upsampler.decode(latents, latentShape);  // [n, 4, H, W]
        long decoded = System.nanoTime();
        List<GeneratedImage> images = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long seed = request.seed() + k;
            var params = new GenerationParameters(request.prompt(), request.negativePrompt(), request.steps(),
                    scheduler.kind().cliName(), request.guidance(), seed, request.width(), request.height(), pkg.name());
            if (edit != null) params = edit.describe(params);
            RgbImage image = image(pixels, k, request.width(), request.height(), request.transparent());
            images.add(new GeneratedImage(edit == null ? image : edit.finish(image), seed, params));
        }
        long end = System.nanoTime();
        var timings = new StageTimings(states.tokenizeNanos(), encoded - conditioned - states.tokenizeNanos(), stepNanos,
                decoded - d0, 0, onnxNanos() - onnxStart, end - start, conditioned - start);
        // the hits a reference picture replaced were not drawn from
        return new GenerationResult(images, timings, warnings, Optional.of(hits.stream().skip(placed.replaced())
                .map(RetrievalPipeline::reference).toList()));
    }

    @Override
    public List<BatchOutcome> generateBatch(List<BatchItem> items) {
        return Batches.grouped(this, items, this::batched);
    }

    // requests with one BatchKey: each one's retrieval, draft, reference slots and prompt states, one denoising run
    private List<BatchOutcome> batched(List<BatchItem> group) {
        ModelDefaults geo = pkg.defaults();
        long start = System.nanoTime();
        long onnxStart = onnxNanos();
        BatchOutcome[] out = new BatchOutcome[group.size()];
        boolean cfg = group.getFirst().request().usesGuidance();
        int s = settings.draftSize();
        List<float[]> hidden = new ArrayList<>();
        List<float[]> drafts = new ArrayList<>();
        List<List<String>> warnings = new ArrayList<>();
        List<List<LibraryReference>> references = new ArrayList<>();
        List<Boolean> drawn = new ArrayList<>();
        List<Integer> live = Batches.conditionEach(group, out, r -> {
            Retrieval found = retriever.retrieve(r.prompt());
            List<Retrieval.Hit> hits = found.hits().stream().limit(settings.slots()).toList();
            List<Sprite> hitSprites = hits.stream().map(Retrieval.Hit::sprite).toList();
            var placed = ReferencePictures.place(r.references(), hitSprites,
                    Planner.plan(found).stream().filter(i -> i.hit() < hitSprites.size()).toList(), settings.slots());
            float[] draft = DraftRenderer.draft(placed.sprites(), placed.plan(), s);  // [4, S, S]
            float[] slots = slotTokens(placed.sprites());  // [slots * T, D]
            List<String> w = new ArrayList<>();
            PromptEncoder.States states = prompts.encode(textPrompt(r), r.negativePrompt(), cfg, w);
            float[] uncondSlots = cfg ? slotTokens(List.of()) : null;
            // added only once nothing can fail, so that the lists stay in step with the live requests
            hidden.add(GuidedSampler.rows(cfg ? concat(states.uncond(), uncondSlots) : null,
                    concat(states.cond(), slots), r.count(), cfg));  // [rows_k, L + slots * T, D]
            drafts.add(GuidedSampler.rows(cfg ? DraftRenderer.empty(s) : null, draft, r.count(), cfg));  // [rows_k, 4, S, S]
            references.add(hits.stream().skip(placed.replaced()).map(RetrievalPipeline::reference).toList());
            drawn.add(inAskedStyle(found, hits));
            warnings.add(w);
        });
        if (live.isEmpty()) return List.of(out);
        long conditioned = System.nanoTime();
        List<BatchItem> items = live.stream().map(group::get).toList();
        int[] counts = Batches.counts(items);
        int n = Arrays.stream(counts).sum();
        int rows = cfg ? 2 * n : n;
        GenerationRequest first = items.getFirst().request();
        float[] batchHidden = Batches.merge(hidden, counts, cfg);  // [rows, L + slots * T, D]
        int width = emptySlot.length / settings.referenceTokens();  // the context's width: text states and slot tokens alike
        long[] hiddenShape = {rows, batchHidden.length / ((long) rows * width), width};
        float[] batchDrafts = Batches.merge(drafts, counts, cfg);  // [rows, 4, S, S]
        long[] draftShape = {rows, settings.draftChannels(), s, s};
        long[] latentShape = {n, geo.latentChannels(), first.height() / geo.vaeScaleFactor(), first.width() / geo.vaeScaleFactor()};
        Scheduler scheduler = first.scheduler() != null ? first.scheduler() : defaultScheduler;
        boolean[] use = new boolean[n];
        for (int k = 0, at = 0; k < counts.length; at += counts[k++]) Arrays.fill(use, at, at + counts[k], drawn.get(k));
        var sampler = new GuidedSampler(denoiser, batchHidden, hiddenShape, batchDrafts, draftShape, java.util.Map.of(),
                BatchSampling.guidance(items), cfg, draftGuide(batchDrafts, use, cfg, scheduler));
        BatchSampling.run(sampler, scheduler, latentShape, items, live, out, pkg.name(),
                upsampler::decode,  // [n, 4, H, W]
                (pixels, index, r) -> image(pixels, index, r.width(), r.height(), r.transparent()),
                (k, images, stepNanos, decodeNanos) -> new GenerationResult(images, new StageTimings(0, 0, stepNanos, decodeNanos, 0,
                        onnxNanos() - onnxStart, System.nanoTime() - start, conditioned - start), warnings.get(k),
                        Optional.of(references.get(k))));
        return List.of(out);
    }

    /** Whether every hit is drawn in the style the prompt asked for (or it asked for none): no restyle to leave to the model. */
    static boolean inAskedStyle(Retrieval found, List<Retrieval.Hit> hits) {
        return found.askedStyle().isEmpty() || hits.stream().allMatch(Retrieval.Hit::asked);
    }

    // the draft guidance of the package (draft.guide_steps) over the conditional drafts, for a flow-matching sampler
    private DraftGuide draftGuide(float[] drafts, boolean[] use, boolean cfg, Scheduler scheduler) {
        OptionalInt scale = scheduler.flowTimestepScale();
        if (settings.draftGuideSteps() == 0 || scale.isEmpty()) return null;
        float[] cond = cfg ? Arrays.copyOfRange(drafts, drafts.length / 2, drafts.length) : drafts;  // [n, 4, S, S]
        return new DraftGuide(cond, use, settings.draftGuideSteps(), scale.getAsInt());
    }

    /** The prompt the text encoder reads: a transparent request's gets the package's suffix unless it asks already. */
    String textPrompt(GenerationRequest request) {
        String p = request.prompt();
        return request.transparent() && !Background.promptAsksForTransparency(p) ? p + settings.transparentSuffix() : p;
    }

    // each slot's tokens, in slot order: a sprite's (cached by its pixels) or an empty slot's
    private float[] slotTokens(List<Sprite> sprites) {
        int per = emptySlot.length;
        float[] out = new float[settings.slots() * per];
        for (int k = 0; k < settings.slots(); k++) {
            Sprite sprite = k < sprites.size() ? sprites.get(k) : null;
            float[] tokens = sprite == null ? emptySlot
                    : referenceCache.get(sprite, () -> referenceEncoder.encode(DraftRenderer.reference(sprite), 1, Sprite.SIZE));
            System.arraycopy(tokens, 0, out, k * per, per);
        }
        return out;
    }

    private static LibraryReference reference(Retrieval.Hit h) {
        return new LibraryReference(h.entry().id(), h.entry().label(), h.style(), h.asked(), h.name(),
                h.entry().origin() == LibraryEntry.Origin.USER);
    }

    /**
     * Image {@code index} of an RGBA batch {@code // [n, 4, h, w]} in [-1, 1] whose colour is composed over white:
     * opaque, the colour as it is; transparent, the alpha channel and the straight colour
     * {@code c = (C - (1 - a)) / a} (clamped to [0, 1]) where {@code a > 1/255}, 0 elsewhere.
     */
    static RgbImage image(float[] batch, int index, int width, int height, boolean transparent) {
        int plane = width * height;
        int base = index * 4 * plane;
        float[] rgb = new float[plane * 3];
        float[] alpha = transparent ? new float[plane] : null;
        for (int p = 0; p < plane; p++) {
            float a = unit(batch[base + 3 * plane + p]);
            for (int ch = 0; ch < 3; ch++) {
                float composed = unit(batch[base + ch * plane + p]);
                rgb[p * 3 + ch] = !transparent ? composed
                        : a > 1f / 255f ? Math.min(1f, Math.max(0f, (composed - (1f - a)) / a)) : 0f;
            }
            if (transparent) alpha[p] = a;
        }
        return new RgbImage(width, height, rgb, alpha);
    }

    private static float unit(float signed) {
        return Math.min(1f, Math.max(0f, signed / 2f + 0.5f));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public Optional<RgbImage> preview(StepEvent step, int index, int width, int height) {
        return Previews.ofPixels(step.sample(), step.shape(), index, width, height);
    }

    @Override
    public void close() {
        prompts.close();
        referenceEncoder.close();
        denoiser.close();
        upsampler.close();
    }
}
