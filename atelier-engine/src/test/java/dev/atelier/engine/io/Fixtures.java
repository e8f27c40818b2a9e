package dev.atelier.engine.io;

import java.nio.file.Path;

/** Where the shared reference fixtures live (see {@code ../shared/fixtures/README.md}). */
final class Fixtures {
    private Fixtures() {
    }

    static Path schedulers() {
        return Path.of(System.getProperty("atelier.root", ".")).resolve("../shared/fixtures/sd-golden/schedulers");
    }
}
