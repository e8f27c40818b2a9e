package dev.atelier.cli;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.image.ContactSheet;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.ProgressListener;
import dev.atelier.engine.pipeline.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier grid --prompts FILE -o sheet.png}: one image per prompt, laid out with captions. */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate one image per prompt of a file and lay them out in a captioned grid (PNG).")
final class GridCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--prompts", required = true, paramLabel = "FILE",
            description = "One prompt per line; blank lines and lines starting with # are skipped.")
    Path prompts;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME", description = "Model package (default: the default model).")
    String model;

    @Option(names = "--seed", description = "Seed for every prompt (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--steps", description = "Steps (default: the model's).")
    Integer steps;

    @Option(names = {"-g", "--guidance"}, description = "Guidance (default: the model's).")
    Double guidance;

    @Option(names = "--columns", description = "Images per row (default: ${DEFAULT-VALUE}).")
    int columns = 6;

    @Option(names = "--cell", description = "Side of each image in the sheet, pixels (default: ${DEFAULT-VALUE}).")
    int cell = 192;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.png")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(prompts)) throw new IllegalArgumentException("prompts file not found: " + prompts);
        List<String> lines = Files.readAllLines(prompts).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.isEmpty()) throw new IllegalArgumentException(prompts + " holds no prompts");
        ModelPackage pkg = Architectures.load(ModelLocator.resolve(model));
        var requests = lines.stream().map(l -> RequestResolver.resolve(pkg,
                ImageRequest.of(l).steps(steps).guidance(guidance).seed(seed).build(), RequestLimits.engine())).toList();
        List<ContactSheet.Cell> cells = new ArrayList<>();
        try (Generator generator = Architectures.open(pkg, PipelineOptions.defaults());
             var progress = CliProgress.onStderr("Grid")) {
            for (int i = 0; i < lines.size(); i++) {
                var image = generator.generate(requests.get(i), ProgressListener.NONE, new CancellationToken()).images().get(0);
                cells.add(new ContactSheet.Cell(image.image(), lines.get(i)));
                progress.onStep(new dev.atelier.engine.pipeline.StepEvent(i + 1, lines.size(), 0, null, null));
            }
        }
        if (output.getParent() != null) Files.createDirectories(output.getParent());
        Files.write(output, ContactSheet.render(cells, columns, cell));
        spec.commandLine().getOut().println(output + "  " + lines.size() + " prompts, seed=" + seed + ", model=" + pkg.name());
        return 0;
    }
}
