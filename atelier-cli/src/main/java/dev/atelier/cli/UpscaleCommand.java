package dev.atelier.cli;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.PngEncoder;
import dev.atelier.engine.image.PngText;
import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestField;
import dev.atelier.engine.spi.ExecutionProviders;
import dev.atelier.engine.upscale.UpscaleRequest;
import dev.atelier.engine.upscale.Upscaled;
import dev.atelier.engine.upscale.Upscaler;
import dev.atelier.safety.ImageSafeguard;
import dev.atelier.safety.moderation.ModerationLevel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atelier upscale FILE}: enlarges a picture 2× or 4× with a model (docs/edits.md, "Upscaling"). */
@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Enlarge a picture 2x or 4x: atelier-image-2's learned upsampler, or a Stable Diffusion model's "
                + "hires fix (enlarge, then image-to-image at low strength).",
                "The PNG keeps the picture's parameters plus 'Upscaled: 2x'; it is checked, watermarked and signed as "
                        + "generate's images are. Exit 2 for a request error, 3 when the image was withheld."})
final class UpscaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The picture (PNG or JPEG).")
    Path file;

    @Option(names = "--factor", paramLabel = "2|4", description = "How much larger (default: ${DEFAULT-VALUE}).")
    int factor = 2;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME", description = "Model package folder or installed model "
            + "name (default: the default model, atelier-image-2).")
    String model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The hires fix's prompt (Stable Diffusion; default: the "
            + "prompt in the picture's PNG parameters).")
    String prompt;

    @Option(names = "--strength", paramLabel = "S", description = "The hires fix's strength, 0 < S <= 1 (default: 0.3).")
    Double strength;

    @Option(names = "--seed", description = "The hires fix's seed (default: random).")
    Long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output PNG (default: FILE's name with -2x or -4x).")
    Path output;

    @Option(names = "--device", paramLabel = "cpu|cuda", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--threads", description = "Threads per ONNX session (default: the number of cores).")
    Integer threads;

    @Option(names = "--timings", description = "Print how long the upscale took.")
    boolean timings;

    @Option(names = "--moderation", paramLabel = "auto|low", description = "Prompt and image moderation level (default: ${DEFAULT-VALUE}).")
    String moderation = "auto";

    @picocli.CommandLine.Mixin
    SafetyOptions safety;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(e.message(UpscaleCommand::option), e);
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws IOException {
        var provider = ExecutionProviders.lookup(device);
        if (output != null && !output.getFileName().toString().toLowerCase().endsWith(".png")) {
            throw new IllegalArgumentException("-o must name a .png file (upscale writes PNG), got " + output);
        }
        RgbImage image = EditInputs.image(file);
        byte[] original = Files.readAllBytes(file);
        String parameters = PngText.isPng(original) ? PngText.read(original, "parameters").orElse(null) : null;
        String name = file.getFileName().toString();
        String text = prompt != null ? prompt : GenerationParameters.promptIn(parameters).orElse(null);
        var request = new UpscaleRequest(image, factor, text, strength, seed, name);
        ModelPackage pkg = Architectures.load(ModelLocator.resolve(model));
        var options = PipelineOptions.defaults().withProvider(provider);
        if (threads != null) options = new PipelineOptions(provider, threads, options.cacheSize());
        ModerationLevel level = ModerationLevel.lookup(moderation);
        Path target = output != null ? output : defaultOutput(file, factor);
        try (Upscaler upscaler = Upscaler.open(pkg, options);
             ImageSafeguard guard = safety.guard(provider, options.cacheSize())) {
            // the hires fix draws from the prompt: it is moderated as generate's are
            if (upscaler.usesPrompt() && text != null) level = safety.moderate(text, pkg.name(), moderation);
            Upscaled up = upscaler.upscale(request);
            String written = up.parameters(parameters);
            long e0 = System.nanoTime();
            byte[] bytes;
            try {
                bytes = guard.protect(up.image(), ImageFormat.PNG, img -> PngEncoder.encode(img, Map.of("parameters", written)),
                        pkg.name(), pkg.name(), level).bytes();
            } catch (ImageSafeguard.Withheld e) {
                err.println("withheld: " + e.getMessage());
                return 3;
            }
            long encoded = System.nanoTime() - e0;
            if (target.getParent() != null) Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            out.println(target + "  " + up.image().width() + "x" + up.image().height());
            if (timings) err.println(String.format("timings: %s, safeguards and encoding %.1f ms", up.summary(), encoded / 1e6));
        }
        return 0;
    }

    /** {@code photo.png} becomes {@code photo-2x.png} beside it. */
    static Path defaultOutput(Path file, int factor) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stem = dot > 0 ? n.substring(0, dot) : n;
        return file.resolveSibling(stem + "-" + factor + "x.png");
    }

    // the engine names fields as the API does; here the picture is the FILE argument and the prompt an option
    private static String option(RequestField f) {
        return switch (f) {
            case INIT_IMAGE -> "FILE";
            case PROMPT -> "--prompt";
            default -> f.cliName();
        };
    }
}
