package dev.atelier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.AtelierServer;
import dev.atelier.server.ServerConfig;
import dev.atelier.server.StudioOptions;
import dev.atelier.server.arena.Simulation;
import dev.atelier.server.arena.VoteRule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier arena simulate}: plays battles whose votes come from a rule, then prints the leaderboard. */
@Command(name = "arena", mixinStandardHelpOptions = true, description = "The blind arena.",
        subcommands = {ArenaCommand.Simulate.class})
final class ArenaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Studio options with {@code file}, else {@code ./arena.yaml} when it exists. */
    static StudioOptions studioOptions(Path file) {
        if (file != null && !Files.isRegularFile(file)) throw new IllegalArgumentException("no arena file at " + file);
        Path f = file != null ? file : Files.isRegularFile(Path.of("arena.yaml")) ? Path.of("arena.yaml") : null;
        return StudioOptions.defaults().withArenaFile(f);
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Play N battles (generated like a browser user's) with votes from a rule, then print the leaderboard.")
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions where;
        @Option(names = {"-n", "--battles"}, description = "Battles to play (default: ${DEFAULT-VALUE}).")
        int battles = 20;
        @Option(names = "--rule", required = true, description = "fixed:NAME,NAME,... (earlier wins), strengths:NAME=RATING,...[;ties=P] "
                + "(random votes from a Bradley-Terry model), contrast (prefers the higher-contrast image), judge (the evaluation "
                + "suite's judge: more of the named emoji shown, then the closer image to the prompt), random.")
        String rule;
        @Option(names = "--arena", paramLabel = "FILE", description = "Contestants (default: ./arena.yaml if present, else one per installed model).")
        Path arena;
        @Option(names = "--seed", description = "Seed of random rules (default: ${DEFAULT-VALUE}).")
        long seed = 1;
        @Option(names = "--judge", paramLabel = "DIR", description = "Judge package of the judge rule (default: ${DEFAULT-VALUE}).")
        Path judgeDir = JudgeVotes.DEFAULT_DIR;

        @Override
        public Integer call() throws InterruptedException {
            if (battles < 1 || battles > 100_000) throw new IllegalArgumentException("--battles must be in 1..100000, got " + battles);
            var config = where.config().withHost("127.0.0.1").withPort(0);
            try (var judge = new JudgeVotes(judgeDir, Runtime.getRuntime().availableProcessors())) {
                var voteRule = Simulation.rule(rule, seed, judge::open);
                return play(voteRule, config);
            }
        }

        private int play(VoteRule voteRule, ServerConfig config) throws InterruptedException {
            try (AtelierServer server = AtelierServer.start(config, studioOptions(arena))) {
                if (server.arena().contestants().size() < 2) {
                    throw new IllegalArgumentException("the arena needs at least two contestants; give --arena FILE (see docs/studio.md)");
                }
                PrintWriter err = spec.commandLine().getErr();
                int voted = Simulation.run(server.arena(), battles, voteRule, "simulator", Duration.ofMinutes(10), line -> {
                    err.println(line);
                    err.flush();
                });
                PrintWriter out = spec.commandLine().getOut();
                JsonNode board = server.arena().leaderboard();
                out.printf("%d battles voted (%d counted of %d votes in the database)%n", voted, board.path("battles").asInt(),
                        board.path("votes").asInt());
                out.printf("%-4s %-28s %7s %17s %7s  %s%n", "RANK", "CONTESTANT", "RATING", "95% INTERVAL", "BATTLES", "W/L/T");
                for (JsonNode c : board.path("contestants")) {
                    out.printf("%-4d %-28s %7.0f %8.0f – %-6.0f %7d  %d/%d/%d%n", c.path("rank").asInt(), c.path("name").asText(),
                            c.path("rating").asDouble(), c.path("ci_lower").asDouble(), c.path("ci_upper").asDouble(),
                            c.path("battles").asInt(), c.path("wins").asInt(), c.path("losses").asInt(), c.path("ties").asInt());
                }
                out.flush();
                return 0;
            }
        }
    }
}
