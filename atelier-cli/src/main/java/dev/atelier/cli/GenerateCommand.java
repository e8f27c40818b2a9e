package dev.atelier.cli;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.pipeline.GenerationResult;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.LibraryReference;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.ImageSafeguard;
import dev.atelier.safety.moderation.ModerationLevel;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InitImage;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.spi.ExecutionProviders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier generate PROMPT}: makes images and writes them as PNG, JPEG or WebP. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate images from a text prompt.", "Prompts are moderated and every image is checked, watermarked and signed (content credentials) as the server does; exit 2 for a refused prompt or another request error, 3 when an image was withheld."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw.")
    String prompt;

    @Option(names = "--negative", paramLabel = "TEXT", description = "What to steer away from.")
    String negative = "";

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME",
            description = "Model package folder or installed model name (default: ${DEFAULT-VALUE}).")
    String model = null;

    @Option(names = "--width", description = "Width in pixels (default: the model's; 'atelier models' lists its sizes).")
    Integer width;

    @Option(names = "--height", description = "Height in pixels (default: the model's).")
    Integer height;

    @Option(names = "--size", paramLabel = "WxH", description = "Width and height together, e.g. 512x512.")
    String size;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    @Option(names = {"-g", "--guidance"}, description = "Classifier-free guidance scale (default: the model's).")
    Double guidance;

    @Option(names = "--seed", description = "Seed of the first image; image i uses seed+i (default: random).")
    Long seed;

    @Option(names = {"-n", "--count"}, description = "Number of images (default: 1).")
    Integer count;

    @Option(names = "--scheduler", paramLabel = "NAME", description = "Sampler: ddim, pndm, euler, euler-ancestral, "
            + "lms, heun, dpmpp-2m, unipc, lcm, flow-euler (default: the model's).")
    String scheduler;

    @Option(names = "--karras", description = "Use Karras sigmas (euler, lms, heun, dpmpp-2m, unipc).")
    boolean karras;

    @Option(names = "--scheduler-config", paramLabel = "FILE", description = "A diffusers scheduler_config.json.")
    Path schedulerConfig;

    @Option(names = "--latents", paramLabel = "FILE.npy", description = "Initial latents [n, C, h, w] (reproduces reference runs).")
    Path latents;

    @Option(names = "--init-image", paramLabel = "FILE", description = "Image-to-image: start from this picture (PNG, "
            + "JPEG), resized to the request's size; default size: the picture's where the model supports it.")
    Path initImage;

    @Option(names = "--mask", paramLabel = "FILE", description = "Inpainting (with --init-image): only this area changes. "
            + "A PNG whose transparent pixels (alpha 0) mark the area to redraw, as the Images API's edits; or a greyscale "
            + "picture in which white marks it.")
    Path mask;

    @Option(names = "--reference", paramLabel = "FILE", description = "A reference picture for a model that draws from "
            + "them (atelier-image-2: up to 2, in place of the prompt's library pictures); repeatable.")
    java.util.List<Path> references = new java.util.ArrayList<>();

    @Option(names = "--strength", paramLabel = "S", description = "With --init-image: how far from the picture to go, "
            + "0 < S <= 1; 1 redraws from noise (default: 0.75, or 1.0 with --mask).")
    Double strength;

    @Option(names = "--background", paramLabel = "auto|opaque|transparent", description = "Background: transparent "
            + "writes a PNG with alpha (models that draw alpha, e.g. atelier-image-2); auto is transparent when the prompt "
            + "asks for it, e.g. 'as a sticker' (default: auto).")
    String background;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file; with -n > 1, FILE-0.png, FILE-1.png, ...")
    Path output;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Output folder, files named from prompt and seed (default: .).")
    Path outDir;

    @Option(names = "--format", paramLabel = "png|jpeg|webp", description = "Image format (default: from -o's extension, else png).")
    String format;

    @Option(names = "--quality", description = "JPEG and WebP quality 1-100, WebP lossless at 100 (default: ${DEFAULT-VALUE}).")
    int quality = ImageEncoder.DEFAULT_JPEG_QUALITY;

    @Option(names = "--device", paramLabel = "cpu|cuda", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--threads", description = "Threads per ONNX session (default: the number of cores).")
    Integer threads;

    @Option(names = "--timings", description = "Print per-stage timings.")
    boolean timings;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--moderation", paramLabel = "auto|low", description = "Prompt and image moderation level (default: ${DEFAULT-VALUE}).")
    String moderation = "auto";

    @picocli.CommandLine.Mixin
    SafetyOptions safety;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageFormat fmt = OutputFiles.format(format, output);
        if (output != null && outDir != null) throw new IllegalArgumentException("give either -o FILE or --out-dir DIR, not both");
        if (size != null && (width != null || height != null)) throw new IllegalArgumentException("give either --size or --width/--height, not both");
        var provider = ExecutionProviders.lookup(device);
        Background bg = background == null ? Background.AUTO : Background.lookup(background);  // errors name --background
        if (bg == Background.TRANSPARENT && !fmt.hasAlpha()) {
            throw new IllegalArgumentException("--background transparent needs PNG or WebP output (JPEG has no alpha channel); "
                    + "write a .png or .webp file or pass --format png");
        }
        var b = ImageRequest.of(prompt).background(bg).negativePrompt(negative).size(size).steps(steps).guidance(guidance)
                .scheduler(scheduler).karras(karras).seed(seed).count(count)
                .schedulerConfig(schedulerConfig == null ? null : readSchedulerConfig(schedulerConfig))
                .latents(latents == null ? null : readLatents(latents));
        if (width != null) b.width(width);
        if (height != null) b.height(height);
        if (initImage == null && (mask != null || strength != null)) {
            throw new IllegalArgumentException((mask != null ? "--mask" : "--strength") + " needs --init-image FILE");
        }
        RgbImage start = initImage == null ? null : EditInputs.image(initImage);
        b.references(references.stream().map(EditInputs::reference).toList());
        if (start != null) {
            b.init(new InitImage(start, mask == null ? null : EditInputs.mask(mask), strength,
                    initImage.getFileName().toString()));
        }

        ModelPackage pkg = Architectures.load(ModelLocator.resolve(model));
        GenerationRequest request = RequestResolver.resolve(pkg, b.build(), RequestLimits.engine());
        if (start != null && (start.width() != request.width() || start.height() != request.height())) {
            err.println("note: --init-image " + start.width() + "x" + start.height() + " resized to " + request.size());
        }
        ModerationLevel level = safety.moderate(request.prompt(), pkg.name(), moderation);
        var options = PipelineOptions.defaults().withProvider(provider);
        if (threads != null) options = new PipelineOptions(provider, threads, options.cacheSize());
        int withheld = 0;
        try (Generator generator = Architectures.open(pkg, options);
             ImageSafeguard guard = safety.guard(provider, options.cacheSize())) {
            GenerationResult result;
            try (var progress = quiet ? CliProgress.none() : CliProgress.onStderr("Generating")) {
                result = generator.generate(request, progress, new CancellationToken());
            }
            result.warnings().forEach(w -> err.println("warning: " + w));
            result.references().ifPresent(refs -> out.println(libraryLine(refs)));
            long e0 = System.nanoTime();
            for (int i = 0; i < result.images().size(); i++) {
                GeneratedImage image = result.images().get(i);
                Path file = OutputFiles.path(output, outDir, prompt, image.seed(), i, request.count(), fmt);
                byte[] bytes;
                try {
                    bytes = guard.protect(image.image(), fmt, img -> ImageEncoder.encode(img, fmt, image.parameters(), quality),
                            pkg.name(), pkg.name(), level).bytes();
                } catch (ImageSafeguard.Withheld e) {
                    err.println("withheld image " + (i + 1) + " (seed " + image.seed() + "): " + e.getMessage());
                    withheld++;
                    continue;
                }
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                out.println(file + "  seed=" + image.seed());
            }
            var t = result.timings().withImageEncode(System.nanoTime() - e0);
            if (timings) err.println("timings: " + t.summary());
        }
        return withheld == 0 ? 0 : 3;
    }

    /** What a retrieval model took from its library, in one line: {@code library: red apple (noto), ...}. */
    static String libraryLine(List<LibraryReference> refs) {
        if (refs.isEmpty()) return "library: no library entry matched; drawing from the text alone";
        return "library: " + refs.stream().map(r -> r.label() + " (" + (r.user() ? "your entry" : r.style())
                + (r.askedStyle() ? ", as asked" : "") + ")").collect(Collectors.joining(", "));
    }

    private static SchedulerConfig readSchedulerConfig(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("scheduler config not found: " + file);
        return SchedulerConfig.read(file);
    }

    private static NpyArray readLatents(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("latents file not found: " + file);
        return Npy.read(file);
    }
}
