package dev.atelier.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code training/scripts/e2e_tiny.sh} (a tiny config trained for a few steps and exported to a package) or
 * {@code e2e_tiny_ref.sh} (the tiny retrieval config with its upsampler and library, exported as int8).
 */
public final class TinyPackageExport {
    private TinyPackageExport() {
    }

    /**
     * @param config        the training config ({@code tiny}, {@code tiny-128}, {@code tiny-unet})
     * @param exportOptions extra options of {@code atelier_train.export}, e.g. {@code --upscale 2}
     */
    public static Path export(Path out, String config, String... exportOptions) throws Exception {
        return run("e2e_tiny.sh", out, config, exportOptions);
    }

    /** The tiny retrieval package ({@code configs/tiny-ref}, int8). */
    public static Path exportRetrieval(Path out) throws Exception {
        return run("e2e_tiny_ref.sh", out, "tiny-ref");
    }

    private static Path run(String script, Path out, String config, String... exportOptions) throws Exception {
        Path root = Path.of(System.getProperty("atelier.root"));
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("training/scripts").resolve(script).toString(),
                out.toString()));
        command.addAll(List.of(exportOptions));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TINY_CONFIG", config);
        Process p = builder.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s output:%n%s", script, log).isZero();
        return out;
    }
}
