package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bradley–Terry ratings on synthetic battles whose true strengths are known. */
class RatingsTest {
    static final List<String> NAMES = List.of("w", "x", "y", "z");
    // true ratings, centred on 1000 as the fit reports them
    static final double[] TRUE = {1150, 1050, 950, 850};

    /** Battles between random pairs, outcomes drawn from the model with ties at {@code tieRate} (scored ½). */
    static List<Ratings.Game> battles(int n, double tieRate, Random rnd) {
        var games = new ArrayList<Ratings.Game>();
        var rule = new VoteRule.Strengths(java.util.Map.of("w", TRUE[0], "x", TRUE[1], "y", TRUE[2], "z", TRUE[3]), tieRate, rnd);
        for (int t = 0; t < n; t++) {
            int a = rnd.nextInt(4);
            int b = (a + 1 + rnd.nextInt(3)) % 4;
            games.add(new Ratings.Game(a, b, rule.vote("p", NAMES.get(a), NAMES.get(b), null, null).scoreA()));
        }
        return games;
    }

    @Test
    void recoversTheOrderAndScaleOfKnownStrengths() {
        var rows = Ratings.leaderboard(NAMES, battles(4000, 0.1, new Random(1)), 100, 7);
        assertThat(rows.stream().map(Ratings.Row::name)).containsExactly("w", "x", "y", "z");
        for (var r : rows) assertThat(r.rating()).isCloseTo(TRUE[NAMES.indexOf(r.name())], within(30.0));
        assertThat(rows.stream().mapToDouble(Ratings.Row::rating).average().orElseThrow()).isCloseTo(1000, within(1e-6));
        assertThat(rows.stream().mapToInt(Ratings.Row::rank)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void intervalsCoverTheTruthAtAboutTheStatedRate() {
        Random rnd = new Random(42);
        int covered = 0;
        int total = 0;
        for (int rep = 0; rep < 40; rep++) {
            for (var r : Ratings.leaderboard(NAMES, battles(600, 0.1, rnd), 100, rep)) {
                double truth = TRUE[NAMES.indexOf(r.name())];
                if (r.lower() <= truth && truth <= r.upper()) covered++;
                total++;
            }
        }
        double rate = (double) covered / total;
        System.out.printf("bootstrap 95%% interval coverage: %d/%d = %.3f%n", covered, total, rate);
        assertThat(rate).isBetween(0.88, 1.0);
    }

    @Test
    void aTieIsHalfAWinForEach() {
        // one win each way and two ties: even
        var even = Ratings.fit(2, List.of(new Ratings.Game(0, 1, 1), new Ratings.Game(0, 1, 0), new Ratings.Game(0, 1, 0.5),
                new Ratings.Game(1, 0, 0.5)));
        assertThat(even[0]).isCloseTo(1000, within(1e-6));
        assertThat(even[1]).isCloseTo(1000, within(1e-6));
    }

    @Test
    void aContestantThatNeverWonStillGetsAFiniteRating() {
        var r = Ratings.fit(2, List.of(new Ratings.Game(0, 1, 1), new Ratings.Game(0, 1, 1), new Ratings.Game(1, 0, 0)));
        assertThat(r[0]).isGreaterThan(r[1]).isFinite();
        assertThat(r[1]).isFinite();
    }

    @Test
    void rankCountsOnlyContestantsWhoseIntervalIsEntirelyAbove() {
        // x and y are indistinguishable, z loses to both by far: ranks 1, 1, 3
        var games = new ArrayList<Ratings.Game>();
        for (int i = 0; i < 100; i++) {
            games.add(new Ratings.Game(0, 1, i % 2));
            games.add(new Ratings.Game(0, 2, i % 20 == 0 ? 0 : 1));
            games.add(new Ratings.Game(1, 2, i % 20 == 0 ? 0 : 1));
        }
        var rows = Ratings.leaderboard(List.of("x", "y", "z"), games, 200, 3);
        assertThat(rows.get(0).rank()).isEqualTo(1);
        assertThat(rows.get(1).rank()).isEqualTo(1);
        assertThat(rows.get(2).rank()).isEqualTo(3);
        assertThat(rows.get(2).battles()).isEqualTo(200);
    }

    @Test
    void fixedPreferenceRuleFollowsItsOrder() {
        var rule = new VoteRule.Fixed(List.of("b", "a"));
        assertThat(rule.vote("p", "a", "b", null, null)).isEqualTo(Vote.B);
        assertThat(rule.vote("p", "b", "c", null, null)).isEqualTo(Vote.A);
        assertThat(rule.vote("p", "c", "d", null, null)).isEqualTo(Vote.TIE);
    }
}
