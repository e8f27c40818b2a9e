package dev.atelier.cli;

import dev.atelier.server.safety.StandardSafety;
import dev.atelier.server.store.BlocklistStore;
import dev.atelier.server.store.Database;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code atelier blocklist add|list|remove}: the operator's blocked terms, in the server's database. Running servers
 * apply a change within a second, without a restart (the admin API {@code /v1/admin/blocklist} does the same).
 */
@Command(name = "blocklist", mixinStandardHelpOptions = true,
        description = "Terms every prompt is checked against (obfuscated spellings included); changes apply to running servers at once.",
        subcommands = {BlocklistCommand.Add.class, BlocklistCommand.List.class, BlocklistCommand.Remove.class})
final class BlocklistCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    private static <T> T withStore(ServerOptions where, java.util.function.Function<BlocklistStore, T> work) {
        try (Database db = Database.open(where.config().jdbcUrl())) {
            return work.apply(new BlocklistStore(db, StandardSafety.BLOCKLIST_MATCHER));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Block one or more terms (phrases in quotes).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Parameters(paramLabel = "TERM", arity = "1..*", description = "1 to " + BlocklistStore.MAX_TERM + " characters each.")
        java.util.List<String> terms;

        @Override
        public Integer call() {
            for (String t : terms) BlocklistStore.validate(t);  // all or nothing
            return withStore(where, store -> {
                PrintWriter out = spec.commandLine().getOut();
                for (String t : terms) {
                    var e = store.add(t, "cli");
                    out.println(e.id() + "\t" + e.term());
                }
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the blocked terms.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;

        @Override
        public Integer call() {
            return withStore(where, store -> {
                PrintWriter out = spec.commandLine().getOut();
                for (var e : store.list()) out.println(e.id() + "\t" + e.term() + "\t" + e.addedBy() + "\t" + Instant.ofEpochMilli(e.addedAt()));
                return 0;
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Unblock terms, by id or by the term itself.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Parameters(paramLabel = "ID_OR_TERM", arity = "1..*")
        java.util.List<String> which;

        @Override
        public Integer call() {
            return withStore(where, store -> {
                for (String w : which) {
                    if (!store.remove(w)) throw new IllegalArgumentException("no blocklist entry with id or term '" + w + "'; see `atelier blocklist list`");
                    spec.commandLine().getOut().println("removed " + w);
                }
                return 0;
            });
        }
    }
}
