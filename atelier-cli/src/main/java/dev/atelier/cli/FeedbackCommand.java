package dev.atelier.cli;

import dev.atelier.server.feedback.FeedbackExport;
import dev.atelier.server.store.Database;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier feedback export}: studio feedback as JSON Lines for the next training round. */
@Command(name = "feedback", mixinStandardHelpOptions = true, description = "Studio feedback.",
        subcommands = {FeedbackCommand.Export.class})
final class FeedbackCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write one JSON line per image with feedback: prompt, parameters, image path, votes, reports.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file (default: standard output).")
        Path out;
        @Option(names = "--all", description = "Every studio image, with or without feedback.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            var config = where.config();
            try (Database db = Database.open(config.jdbcUrl())) {
                int n;
                if (out == null) {
                    Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                    n = FeedbackExport.write(db, config.dataDir().resolve("images"), all, w);
                } else {
                    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                        n = FeedbackExport.write(db, config.dataDir().resolve("images"), all, w);
                    }
                }
                spec.commandLine().getErr().println("exported " + n + " images" + (out != null ? " to " + out : ""));
                return 0;
            }
        }
    }
}
