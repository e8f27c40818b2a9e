package dev.atelier.engine.upscale;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.Resample;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GenerationResult;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.TiledUpsampler;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestField;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;

/**
 * Enlarges pictures ×2 or ×4 with one model package, the one place that decides how (docs/edits.md, "Upscaling"):
 * <ul>
 *   <li>a package with a learned upsampler ({@code upsampler} in its {@code model_index.json}, atelier-image-2):
 *   {@link TiledUpsampler}, twice for ×4; alpha goes through the network as the model's fourth channel;</li>
 *   <li>a Stable Diffusion package that starts from images: the hires fix, a Lanczos enlargement to the target size
 *   and one image-to-image pass at low strength ({@link UpscaleRequest#DEFAULT_STRENGTH}) with the picture's
 *   prompt; a transparent picture keeps its alpha, enlarged with Lanczos.</li>
 * </ul>
 * Any other package is refused. Opened once; thread-safe.
 */
public final class Upscaler implements AutoCloseable {
    private sealed interface Method extends AutoCloseable permits Learned, HiresFix {
        @Override
        void close();
    }

    private record Learned(TiledUpsampler upsampler) implements Method {
        @Override
        public void close() {
            upsampler.close();
        }
    }

    private record HiresFix(Generator generator, boolean owned) implements Method {
        @Override
        public void close() {
            if (owned) generator.close();
        }
    }

    private final ModelPackage pkg;
    private final Method method;

    private Upscaler(ModelPackage pkg, Method method) {
        this.pkg = pkg;
        this.method = method;
    }

    /**
     * Opens what {@code pkg} upscales with.
     *
     * @throws InvalidRequestException on {@link RequestField#MODEL} if the package can do neither
     */
    public static Upscaler open(ModelPackage pkg, PipelineOptions options) {
        if (check(pkg)) return new Upscaler(pkg, new Learned(TiledUpsampler.open(pkg.extra("upsampler"), options)));
        return new Upscaler(pkg, new HiresFix(Architectures.open(pkg, options), true));
    }

    /**
     * An upscaler for {@code generator}'s package that runs the hires fix on that generator (the server's, opened
     * once per model), which it does not close.
     */
    public static Upscaler sharing(Generator generator, PipelineOptions options) {
        ModelPackage pkg = generator.modelPackage();
        if (check(pkg)) return new Upscaler(pkg, new Learned(TiledUpsampler.open(pkg.extra("upsampler"), options)));
        return new Upscaler(pkg, new HiresFix(generator, false));
    }

    /**
     * Whether {@code pkg} upscales {@code request} with a learned upsampler (true) or the hires fix (false), without
     * opening anything: the checks a server runs before queueing.
     *
     * @throws InvalidRequestException on {@link RequestField#MODEL} if it can do neither, on {@link RequestField#PROMPT}
     *                                 for a hires fix without a prompt
     */
    public static boolean check(ModelPackage pkg, UpscaleRequest request) {
        boolean learned = check(pkg);
        if (!learned && (request.prompt() == null || request.prompt().isBlank())) {
            throw new InvalidRequestException(RequestField.PROMPT, "is required for the hires fix of " + pkg.name()
                    + " (a Stable Diffusion model redraws the enlarged picture from it)");
        }
        return learned;
    }

    /** As {@link #check(ModelPackage, UpscaleRequest)}, before there is a request: whether the package can upscale. */
    public static boolean check(ModelPackage pkg) {
        if (pkg.extras().containsKey("upsampler")) return true;
        if (pkg.architecture().startsWith("stable-diffusion") && pkg.capabilities().imageToImage()) return false;  // SD 1.x/2.x and SDXL
        throw new InvalidRequestException(RequestField.MODEL, pkg.name() + " cannot upscale: that takes a learned "
                + "upsampler (atelier-image-2) or a Stable Diffusion model with a vae_encoder (the hires fix)");
    }

    /** The package this upscaler belongs to. */
    public ModelPackage modelPackage() {
        return pkg;
    }

    /** Whether this upscaler uses a prompt (the hires fix does; the learned upsampler does not). */
    public boolean usesPrompt() {
        return method instanceof HiresFix;
    }

    /** Enlarges {@code request.image()} by {@code request.factor()}. */
    public Upscaled upscale(UpscaleRequest request) {
        long start = System.nanoTime();
        return switch (method) {
            case Learned(TiledUpsampler up) -> {
                long onnx0 = up.runNanos();
                RgbImage image = request.image();
                for (int f = 1; f < request.factor(); f *= 2) image = up.upscale(image);
                yield new Upscaled(image, request.factor(), pkg.name() + " learned", System.nanoTime() - start,
                        up.runNanos() - onnx0);
            }
            case HiresFix(Generator g, boolean owned) -> hiresFix(g, request, start);
        };
    }

    private Upscaled hiresFix(Generator g, UpscaleRequest r, long start) {
        check(pkg, r);
        long onnx0 = g.onnxNanos();
        int m = pkg.defaults().sizeMultiple();
        int w = ceil(r.width(), m);
        int h = ceil(r.height(), m);
        RgbImage enlarged = Resample.lanczos(r.image(), r.width(), r.height());
        RgbImage run = Resample.lanczos(enlarged.overWhite(), w, h);
        ImageRequest ask = ImageRequest.of(r.prompt()).width(w).height(h).seed(r.seed())
                .init(new InitImage(run, null, r.strengthOrDefault(), r.name())).build();
        GenerationRequest resolved;
        try {
            resolved = RequestResolver.resolve(pkg, ask, RequestLimits.engine());
        } catch (InvalidRequestException e) {
            // the size is the factor's doing: say so, with the model's own limit
            if (e.field() != RequestField.SIZE) throw e;
            throw new InvalidRequestException(RequestField.FACTOR, r.factor() + " asks the hires fix of " + pkg.name()
                    + " for " + w + "x" + h + ": " + e.problem());
        }
        GenerationResult result = g.generate(resolved, ProgressListener.NONE, new CancellationToken());
        RgbImage drawn = Resample.lanczos(result.images().getFirst().image(), r.width(), r.height());
        RgbImage image = new RgbImage(r.width(), r.height(), drawn.pixels(), enlarged.alpha());
        String method = pkg.name() + " hires fix, strength " + resolved.init().strength() + ", "
                + Math.min(resolved.steps(), (int) (resolved.steps() * resolved.init().strength())) + " of "
                + resolved.steps() + " steps, seed " + resolved.seed();
        return new Upscaled(image, r.factor(), method, System.nanoTime() - start, g.onnxNanos() - onnx0);
    }

    private static int ceil(int v, int m) {
        return (v + m - 1) / m * m;
    }

    @Override
    public void close() {
        method.close();
    }
}
