package dev.atelier.cli;

import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.keys.KeyStore;
import dev.atelier.server.keys.Tier;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.Settings;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code atelier keys create|list|revoke|rotate-secrets}: API keys, stored hashed (a key's secret is printed once, at
 * creation), and the server's own secrets (URL signing, sessions), which can be replaced.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys and the server's secrets.",
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class, KeysCommand.RotateSecrets.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    static KeyStore open(ServerOptions where, java.util.function.Consumer<Database> keep) {
        Database db = Database.open(where.config().jdbcUrl());
        keep.accept(db);
        return new KeyStore(db);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print its secret (once).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Option(names = "--name", required = true, description = "What the key is for.")
        String name;
        @Option(names = "--tier", description = "free, preview or partner (default: ${DEFAULT-VALUE}).")
        String tier = "preview";
        @Option(names = "--rate", paramLabel = "IMAGES", description = "Images per minute (default: the tier's).")
        Integer rate;
        @Option(names = "--daily", paramLabel = "IMAGES", description = "Images per UTC day (default: the tier's).")
        Integer daily;
        @Option(names = "--admin", description = "Let the key call the admin API (/v1/admin/*: the blocklist).")
        boolean admin;

        @Override
        public Integer call() {
            Tier t = Tier.lookup(tier);
            Database[] db = new Database[1];
            var store = open(where, d -> db[0] = d);
            try {
                var created = store.create(name, t, rate != null ? rate : t.ratePerMinute(), daily != null ? daily : t.dailyQuota(), admin);
                PrintWriter out = spec.commandLine().getOut();
                out.println(created.secret());
                spec.commandLine().getErr().println("created " + created.key().id() + " (" + t.wireName() + (admin ? ", admin" : "") + ", " + created.key().ratePerMinute()
                        + " images/min, " + created.key().dailyQuota() + " images/day); the secret above is not shown again");
                return 0;
            } finally {
                db[0].close();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;

        @Override
        public Integer call() {
            Database[] db = new Database[1];
            var store = open(where, d -> db[0] = d);
            try {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-22s %-16s %-20s %-8s %8s %8s  %s%n", "ID", "PREFIX", "NAME", "TIER", "PER-MIN", "PER-DAY", "STATUS");
                for (ApiKey k : store.list()) {
                    out.printf("%-22s %-16s %-20s %-8s %8d %8d  %s%n", k.id(), k.prefix() + "…", k.name(),
                            k.tier() + (k.admin() ? "+adm" : ""), k.ratePerMinute(),
                            k.dailyQuota(), k.active() ? "active" : "revoked " + Instant.ofEpochMilli(k.revokedAt()));
                }
                return 0;
            } finally {
                db[0].close();
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Database[] db = new Database[1];
            var store = open(where, d -> db[0] = d);
            try {
                if (!store.revoke(id)) throw new IllegalArgumentException("no active key with id '" + id + "'");
                spec.commandLine().getOut().println("revoked " + id);
                return 0;
            } finally {
                db[0].close();
            }
        }
    }

    @Command(name = "rotate-secrets", mixinStandardHelpOptions = true,
            description = "Replace the server's URL-signing and/or session secret (docs/api.md); restart every server afterwards.")
    static final class RotateSecrets implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Parameters(paramLabel = "WHICH", arity = "1..2",
                description = "url-signing (image links signed before stop working), sessions (every studio user "
                        + "becomes a new anonymous user and loses their gallery).")
        java.util.List<String> which;

        @Override
        public Integer call() {
            var names = new java.util.LinkedHashMap<String, String>();
            for (String w : which) {
                switch (w) {
                    case "url-signing" -> names.put(Settings.URL_SIGNING_SECRET, "image links signed before now no longer work");
                    case "sessions" -> names.put(Settings.SESSION_SECRET,
                            "every studio session cookie is void: browsers become new anonymous users and lose their galleries");
                    default -> throw new IllegalArgumentException("unknown secret '" + w + "'; choose url-signing, sessions or both");
                }
            }
            try (Database db = Database.open(where.config().jdbcUrl())) {
                PrintWriter out = spec.commandLine().getOut();
                for (var e : names.entrySet()) {
                    Settings.rotate(db, e.getKey());
                    out.println("rotated " + e.getKey() + ": " + e.getValue());
                }
                out.println("restart every server process sharing this database: running ones keep the old secret until then");
                return 0;
            }
        }
    }
}
