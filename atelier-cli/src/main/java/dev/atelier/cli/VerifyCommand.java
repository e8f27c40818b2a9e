package dev.atelier.cli;

import dev.atelier.safety.Provenance;
import dev.atelier.safety.Verifier;
import dev.atelier.server.safety.StandardSafety;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code atelier verify FILE...}: each image's C2PA content credentials (checked against this installation's CA, or
 * the operator's certificate) and Atelier's invisible watermark.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Report an image's content credentials (C2PA) and invisible watermark.",
                "Exit 0 when every file was read, 2 when one is missing or not a PNG, JPEG or WebP image."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SafetyOptions safety;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "The installation whose CA is trusted (default: $ATELIER_DATA, else $ATELIER_HOME/data, else ./data).")
    Path dataDir;
    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        Path data = dataDir != null ? dataDir : ServerOptions.defaultDataDir();
        Verifier verifier = Provenance.verifier(safety.config(), StandardSafety.identityDir(data));
        PrintWriter out = spec.commandLine().getOut();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no such file: " + f);
            Verifier.Report r;
            try {
                r = verifier.verify(Files.readAllBytes(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage());
            }
            var c = r.credentials();
            out.println(f);
            out.println("  content credentials: " + c.status().name().toLowerCase(Locale.ROOT)
                    + (c.problems().isEmpty() ? "" : " (" + String.join("; ", c.problems()) + ")"));
            if (c.signer() != null) out.println("    signed by: " + c.signer());
            if (c.claimGenerator() != null) out.println("    app: " + c.claimGenerator() + (c.model() != null ? ", model " + c.model() : ""));
            for (var a : c.actions()) out.println("    action: " + a.action() + (a.digitalSourceType() != null ? " (" + a.digitalSourceType() + ")" : ""));
            var w = r.watermark();
            out.printf(Locale.ROOT, "  watermark: %s (score %.2f, threshold %.2f)%n", w.present() ? "present" : "not found", w.score(), w.threshold());
        }
        return 0;
    }
}
