package dev.atelier.cli;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier models}: lists installed models (or the given folders) with their components. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List installed models and their components.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Model folders to describe (default: all installed).")
    java.util.List<Path> dirs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var targets = dirs != null ? dirs : ModelLocator.installed().stream().map(n -> ModelLocator.modelsDir().resolve(n)).toList();
        if (targets.isEmpty()) {
            out.println("no models installed in " + ModelLocator.modelsDir());
            return 0;
        }
        int broken = 0;
        for (Path dir : targets) {
            try {
                ModelPackage p = Architectures.load(dir);
                var d = p.defaults();
                int[] size = RequestResolver.defaultSize(d);
                out.printf("%s  (%s, %dx%d, %d steps, guidance %s)  %s%n", p.name(), p.architecture(),
                        size[0], size[1], d.steps(), d.guidance(), p.root());
                out.printf("  %-13s %s%n", "sizes", RequestResolver.sizesText(p, RequestLimits.engine()));
                p.components().forEach((name, file) -> out.printf("  %-13s %-40s %s%n", name,
                        p.root().relativize(file), human(size(file))));
                p.vocabulary().ifPresent(v -> out.printf("  knows %d emoji only: %s%n", v.entries().size(),
                        String.join(", ", v.entries().stream().map(e -> e.label()).toList())));
            } catch (ModelPackageException e) {
                broken++;
                spec.commandLine().getErr().println("error: " + e.getMessage());
            }
        }
        return broken == 0 ? 0 : Main.USER_ERROR;
    }

    // A component's size: the file and any external-data files beside it, or a folder's files.
    private static long size(Path file) {
        Path dir = Files.isDirectory(file) ? file : file.getParent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String human(long bytes) {
        if (bytes < 0) return "?";
        if (bytes < 1024 * 1024) return String.format("%.1f KiB", bytes / 1024.0);
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
