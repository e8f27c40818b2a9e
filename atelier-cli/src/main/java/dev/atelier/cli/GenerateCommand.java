package dev.atelier.cli;

import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.io.Npy;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.pipeline.GenerationRequest;
import dev.atelier.engine.pipeline.GenerationResult;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.TextToImagePipeline;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.spi.ExecutionProviders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier generate PROMPT}: makes images and writes them as PNG or JPEG. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate images from a text prompt.")
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

    @Option(names = "--width", description = "Width in pixels, a multiple of 8 (default: the model's).")
    Integer width;

    @Option(names = "--height", description = "Height in pixels, a multiple of 8 (default: the model's).")
    Integer height;

    @Option(names = "--size", paramLabel = "WxH", description = "Width and height together, e.g. 512x512.")
    String size;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    @Option(names = {"-g", "--guidance"}, description = "Classifier-free guidance scale (default: the model's).")
    Double guidance;

    @Option(names = "--seed", description = "Seed of the first image; image i uses seed+i (default: random).")
    Long seed;

    @Option(names = {"-n", "--count"}, description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count = 1;

    @Option(names = "--scheduler", paramLabel = "NAME", description = "Sampler: ddim, pndm, euler, euler-ancestral, "
            + "lms, heun, dpmpp-2m, unipc, lcm, flow-euler (default: the model's).")
    String scheduler;

    @Option(names = "--karras", description = "Use Karras sigmas (euler, lms, heun, dpmpp-2m).")
    boolean karras;

    @Option(names = "--scheduler-config", paramLabel = "FILE", description = "A diffusers scheduler_config.json.")
    Path schedulerConfig;

    @Option(names = "--latents", paramLabel = "FILE.npy", description = "Initial latents [n, C, h, w] (reproduces reference runs).")
    Path latents;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file; with -n > 1, FILE-0.png, FILE-1.png, ...")
    Path output;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Output folder, files named from prompt and seed (default: .).")
    Path outDir;

    @Option(names = "--format", paramLabel = "png|jpeg", description = "Image format (default: from -o's extension, else png).")
    String format;

    @Option(names = "--quality", description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
    int quality = ImageEncoder.DEFAULT_JPEG_QUALITY;

    @Option(names = "--device", paramLabel = "cpu|cuda", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--threads", description = "Threads per ONNX session (default: the number of cores).")
    Integer threads;

    @Option(names = "--timings", description = "Print per-stage timings.")
    boolean timings;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageFormat fmt = OutputFiles.format(format, output);
        if (output != null && outDir != null) throw new IllegalArgumentException("give either -o FILE or --out-dir DIR, not both");
        NpyArray initial = latents == null ? null : readLatents(latents);
        var provider = ExecutionProviders.lookup(device);

        ModelPackage pkg = ModelPackage.load(ModelLocator.resolve(model));
        ModelDefaults defaults = pkg.defaults();
        int[] wh = Sizes.resolve(size, width, height, defaults.sampleSize());
        long firstSeed = seed != null ? seed : new SecureRandom().nextLong(1L << 32);

        var options = PipelineOptions.defaults().withProvider(provider);
        if (threads != null) options = new PipelineOptions(provider, threads, options.cacheSize());
        try (var pipeline = TextToImagePipeline.open(pkg, options)) {
            Scheduler sched = SchedulerChoice.resolve(scheduler, karras, schedulerConfig, pipeline.defaultScheduler(), pkg);
            var request = new GenerationRequest(prompt, negative, wh[0], wh[1], steps != null ? steps : defaults.steps(),
                    guidance != null ? guidance : defaults.guidance(), firstSeed, count, sched, initial);
            GenerationResult result;
            try (var progress = quiet ? CliProgress.none() : CliProgress.onStderr("Generating")) {
                result = pipeline.generate(request, progress, new CancellationToken());
            }
            result.warnings().forEach(w -> err.println("warning: " + w));
            long e0 = System.nanoTime();
            for (int i = 0; i < result.images().size(); i++) {
                GeneratedImage image = result.images().get(i);
                Path file = OutputFiles.path(output, outDir, prompt, image.seed(), i, count, fmt);
                byte[] bytes = ImageEncoder.encode(image.image(), fmt, image.parameters(), quality);
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                out.println(file + "  seed=" + image.seed());
            }
            var t = result.timings().withImageEncode(System.nanoTime() - e0);
            if (timings) err.println("timings: " + t.summary());
        }
        return 0;
    }

    private static NpyArray readLatents(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("latents file not found: " + file);
        return Npy.read(file);
    }
}
