package dev.atelier.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shipped leaderboard method: pair-weighted Bradley–Terry with normal-approximation (sandwich) intervals. */
class NormalIntervalsTest {
    @Test
    void recoversTheOrderAndScaleOfKnownStrengths() {
        var rows = NormalIntervals.leaderboard(RatingsTest.NAMES, RatingsTest.battles(4000, 0.1, new Random(1)));
        assertThat(rows.stream().map(Ratings.Row::name)).containsExactly("w", "x", "y", "z");
        for (var r : rows) assertThat(r.rating()).isCloseTo(RatingsTest.TRUE[RatingsTest.NAMES.indexOf(r.name())], within(30.0));
        assertThat(rows.stream().mapToInt(Ratings.Row::rank)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void intervalsCoverTheTruthAtAboutTheStatedRateAndAreAsWideAsTheBootstraps() {
        Random rnd = new Random(42);
        int covered = 0;
        int total = 0;
        double normalWidth = 0;
        double bootWidth = 0;
        for (int rep = 0; rep < 40; rep++) {
            var games = RatingsTest.battles(600, 0.1, rnd);
            var boot = Ratings.leaderboard(RatingsTest.NAMES, games, 100, rep);
            for (var r : NormalIntervals.leaderboard(RatingsTest.NAMES, games)) {
                double truth = RatingsTest.TRUE[RatingsTest.NAMES.indexOf(r.name())];
                if (r.lower() <= truth && truth <= r.upper()) covered++;
                total++;
                normalWidth += r.upper() - r.lower();
            }
            for (var r : boot) bootWidth += r.upper() - r.lower();
        }
        double rate = (double) covered / total;
        System.out.printf("normal-approximation 95%% interval coverage: %d/%d = %.3f; mean width %.1f (bootstrap %.1f)%n",
                covered, total, rate, normalWidth / total, bootWidth / total);
        assertThat(rate).isBetween(0.88, 1.0);
        assertThat(normalWidth / bootWidth).isBetween(0.7, 1.4);
    }

    @Test
    void everySampledPairCarriesTheSameTotalWeight() {
        var games = new ArrayList<Ratings.Game>();
        for (int i = 0; i < 30; i++) games.add(new Ratings.Game(0, 1, 1));
        for (int i = 0; i < 10; i++) games.add(new Ratings.Game(1, 2, 0));
        double[] w = NormalIntervals.pairWeights(games);
        double first = 0;
        double second = 0;
        for (int i = 0; i < 30; i++) first += w[i];
        for (int i = 30; i < 40; i++) second += w[i];
        assertThat(first).isCloseTo(20, within(1e-9));
        assertThat(second).isCloseTo(20, within(1e-9));
    }

    @Test
    void anEvenRecordIsCentredWithASymmetricInterval() {
        var games = List.of(new Ratings.Game(0, 1, 1), new Ratings.Game(0, 1, 0), new Ratings.Game(1, 0, 0.5));
        var rows = NormalIntervals.leaderboard(List.of("x", "y"), games);
        for (var r : rows) {
            assertThat(r.rating()).isCloseTo(1000, within(1e-6));
            assertThat(r.upper() - r.rating()).isCloseTo(r.rating() - r.lower(), within(1e-6)).isPositive();
        }
    }

    @Test
    void threeOneSidedBattlesDoNotSettleTheOrder() {
        var games = List.of(new Ratings.Game(0, 1, 1), new Ratings.Game(1, 0, 0), new Ratings.Game(0, 1, 1));
        var rows = NormalIntervals.leaderboard(List.of("x", "y"), games);
        System.out.printf("three one-sided battles: %s%n", rows);
        assertThat(rows.get(0).name()).isEqualTo("x");
        assertThat(rows).extracting(Ratings.Row::rank).as("the intervals overlap").containsExactly(1, 1);
    }
}
