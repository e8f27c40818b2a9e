package dev.atelier.server.arena;

import dev.atelier.server.service.Visitor;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Plays arena battles without people ({@code atelier arena simulate}): each battle is started and generated as a
 * browser user's would be, and voted by a {@link VoteRule} that sees the names and the (stripped) images.
 */
public final class Simulation {
    private Simulation() {
    }

    /** The parsed rule; the error lists the valid forms. */
    public static VoteRule rule(String text, long seed) {
        return VoteRule.parse(text, seed, null);
    }

    /** The parsed rule, where {@code judge} opens the image judge of the rule {@code judge} (only if that is the rule). */
    public static VoteRule rule(String text, long seed, java.util.function.Supplier<VoteRule.ImageJudge> judge) {
        return VoteRule.parse(text, seed, judge);
    }

    /**
     * Plays {@code count} battles one after another as user {@code user}.
     *
     * @return battles voted (failed generations are skipped and reported to {@code log})
     */
    public static int run(Arena arena, int count, VoteRule rule, String user, Duration perBattle,
                          Consumer<String> log) throws InterruptedException {
        int voted = 0;
        for (int i = 0; i < count; i++) {
            Battle b = arena.start(Visitor.inProcess(user), null, "simulated");
            long end = System.nanoTime() + perBattle.toNanos();
            Arena.Status s;
            while ((s = arena.status(b)) == Arena.Status.GENERATING) {
                if (System.nanoTime() > end) throw new IllegalStateException("battle " + b.id() + " did not finish in " + perBattle.toSeconds() + " s");
                Thread.sleep(20);
            }
            if (s == Arena.Status.FAILED) {
                log.accept("battle " + b.id() + " failed to generate; skipped");
                continue;
            }
            Vote v = rule.vote(b.prompt(), b.contestantA(), b.contestantB(), arena.image(b, 'a'), arena.image(b, 'b'));
            arena.vote(b, v, Visitor.inProcess(user));
            voted++;
            log.accept(String.format("battle %d/%d: %s vs %s -> %s  (%s)", i + 1, count, b.contestantA(), b.contestantB(), v.wire(), b.prompt()));
        }
        return voted;
    }
}
