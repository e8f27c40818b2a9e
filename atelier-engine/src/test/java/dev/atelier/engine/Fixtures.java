package dev.atelier.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the shared reference fixtures (../shared/fixtures from the project root). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root() {
        String root = System.getProperty("atelier.root", ".");
        Path p = Path.of(root).resolve("../shared/fixtures").normalize().toAbsolutePath();
        if (!Files.isDirectory(p)) throw new IllegalStateException("reference fixtures not found at " + p);
        return p;
    }

    public static Path tinySd() {
        return root().resolve("tiny-sd-onnx");
    }

    public static Path golden(String name) {
        return root().resolve("sd-golden").resolve(name);
    }
}
