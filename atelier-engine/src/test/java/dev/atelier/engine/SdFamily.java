package dev.atelier.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tiny Stable Diffusion family packages of {@code src/test/resources/dev/atelier/engine/sdfamily} (made by its
 * {@code make_sd_family.py}; docs/sd-family.md): {@code sd2}, {@code sd-turbo}, {@code lcm}, {@code sdxl},
 * {@code sdxl-turbo}. The committed packages carry only their tokenizers' {@code tokenizer_config.json};
 * {@link #install} completes them with a copy of the shared tiny-sd-onnx fixture's CLIP vocabulary and merges.
 */
public final class SdFamily {
    /** Every layout's fixture. */
    public static final List<String> LAYOUTS = List.of("sd2", "sd-turbo", "lcm", "sdxl", "sdxl-turbo");

    private SdFamily() {
    }

    /** Copies fixture {@code name} into {@code dir} and copies the CLIP vocabulary into its tokenizer folders. */
    public static Path install(String name, Path dir) {
        try {
            Path source = Path.of(SdFamily.class.getResource("/dev/atelier/engine/sdfamily/" + name).toURI());
            Path target = dir.resolve(name);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else Files.copy(p, to);
                }
            }
            Path vocabulary = Fixtures.tinySd().resolve("tokenizer");
            for (String folder : List.of("tokenizer", "tokenizer_2")) {
                if (!Files.isDirectory(target.resolve(folder))) continue;
                for (String file : List.of("vocab.json", "merges.txt")) {
                    Files.copy(vocabulary.resolve(file), target.resolve(folder).resolve(file));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " not found on the test class path", e);
        }
    }
}
