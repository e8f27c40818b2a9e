package dev.atelier.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Repository files the commands read by default (the suite, the judge, scripts): relative to the working
 * directory, else to {@code $ATELIER_HOME} (set by the launcher). */
final class HomePaths {
    private HomePaths() {
    }

    static Path resolve(Path p) {
        if (p.isAbsolute() || Files.exists(p)) return p;
        String home = System.getenv("ATELIER_HOME");
        if (home == null || home.isBlank()) return p;
        Path inHome = Path.of(home).resolve(p);
        return Files.exists(inHome) ? inHome : p;
    }
}
