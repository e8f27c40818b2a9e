package dev.atelier.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code training/scripts/e2e_tiny.sh}: a tiny config trained for a few steps and exported to a package. */
public final class TinyPackageExport {
    private TinyPackageExport() {
    }

    /**
     * @param config        the training config ({@code tiny}, {@code tiny-128}, {@code tiny-unet})
     * @param exportOptions extra options of {@code atelier_train.export}, e.g. {@code --upscale 2}
     */
    public static Path export(Path out, String config, String... exportOptions) throws Exception {
        Path root = Path.of(System.getProperty("atelier.root"));
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("training/scripts/e2e_tiny.sh").toString(),
                out.toString()));
        command.addAll(List.of(exportOptions));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TINY_CONFIG", config);
        Process p = builder.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("e2e_tiny.sh output:%n%s", log).isZero();
        return out;
    }
}
