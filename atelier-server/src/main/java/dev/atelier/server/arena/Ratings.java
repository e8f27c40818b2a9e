package dev.atelier.server.arena;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Bradley–Terry ratings from blind battles, on the Elo-like scale LMArena reports: {@code P(i beats j) =
 * 1 / (1 + 10^((R_j - R_i) / 400))}, ratings centred on 1000. Ties (and "both bad") count as half a win for each
 * side. Fitted by Hunter's minorize–maximize iteration (Hunter 2004, "MM algorithms for generalized Bradley–Terry
 * models", eq. 3), with one virtual tie per contestant against a fixed reference so that a contestant that never
 * won (or never lost) still gets a finite rating. 95% intervals are percentiles of ratings refitted on bootstrap
 * resamples of the battles.
 */
public final class Ratings {
    public static final double SCALE = 400;
    public static final double BASE = 1000;
    private static final double PRIOR_GAMES = 1;
    private static final int MAX_ITERATIONS = 10_000;

    private Ratings() {
    }

    /**
     * One battle between contestants {@code a} and {@code b} (indices).
     *
     * @param scoreA 1 if a won, 0 if b won, 0.5 for a tie
     */
    public record Game(int a, int b, double scoreA) {
        public Game {
            if (a == b) throw new IllegalArgumentException("a contestant cannot battle itself: " + a);
            if (scoreA != 0 && scoreA != 0.5 && scoreA != 1) throw new IllegalArgumentException("score must be 0, 0.5 or 1, got " + scoreA);
        }
    }

    /**
     * A leaderboard row.
     *
     * @param rank 1 + the number of contestants whose lower bound is above this one's upper bound
     */
    public record Row(String name, double rating, double lower, double upper, int battles, int wins, int losses, int ties, int rank) {
    }

    /** Ratings of contestants {@code 0..k-1} from {@code games}, centred on {@link #BASE}. */
    public static double[] fit(int k, List<Game> games) {
        double[][] score = new double[k][k];  // score[i][j]: points i took from j
        double[][] played = new double[k][k];
        for (Game g : games) add(score, played, g, 1);
        return fit(score, played);
    }

    static void add(double[][] score, double[][] played, Game g, double weight) {
        score[g.a()][g.b()] += weight * g.scoreA();
        score[g.b()][g.a()] += weight * (1 - g.scoreA());
        played[g.a()][g.b()] += weight;
        played[g.b()][g.a()] += weight;
    }

    static double[] fit(double[][] score, double[][] played) {
        double[] p = strengths(score, played);
        int k = p.length;
        double[] r = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++) {
            r[i] = SCALE * Math.log10(p[i]);
            mean += r[i] / k;
        }
        for (int i = 0; i < k; i++) r[i] += BASE - mean;
        return r;
    }

    /** The fitted strengths {@code p} (the virtual reference has strength 1): P(i beats j) = p_i / (p_i + p_j). */
    static double[] strengths(double[][] score, double[][] played) {
        int k = score.length;
        double[] p = new double[k];
        Arrays.fill(p, 1);
        double[] won = new double[k];
        for (int i = 0; i < k; i++) {
            won[i] = PRIOR_GAMES / 2;
            for (int j = 0; j < k; j++) won[i] += score[i][j];
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double change = 0;
            for (int i = 0; i < k; i++) {
                double denom = PRIOR_GAMES / (p[i] + 1);  // the virtual reference has strength 1
                for (int j = 0; j < k; j++) if (played[i][j] > 0) denom += played[i][j] / (p[i] + p[j]);
                double next = won[i] / denom;
                change = Math.max(change, Math.abs(Math.log(next / p[i])));
                p[i] = next;
            }
            if (change < 1e-10) break;
        }
        return p;
    }

    /**
     * The leaderboard: ratings, 95% bootstrap intervals from {@code samples} resamples (seeded, so the same battles
     * give the same board), counts and ranks, best first.
     */
    public static List<Row> leaderboard(List<String> names, List<Game> games, int samples, long seed) {
        if (samples < 1) throw new IllegalArgumentException("bootstrap samples must be ≥ 1, got " + samples);
        int k = names.size();
        double[] rating = fit(k, games);
        double[][] boot = new double[k][samples];
        Random rnd = new Random(seed);
        int n = games.size();
        for (int s = 0; s < samples; s++) {
            double[][] score = new double[k][k];
            double[][] played = new double[k][k];
            for (int t = 0; t < n; t++) add(score, played, games.get(rnd.nextInt(n)), 1);
            double[] r = fit(score, played);
            for (int i = 0; i < k; i++) boot[i][s] = r[i];
        }
        double[] lo = new double[k];
        double[] hi = new double[k];
        for (int i = 0; i < k; i++) {
            Arrays.sort(boot[i]);
            lo[i] = quantile(boot[i], 0.025);
            hi[i] = quantile(boot[i], 0.975);
        }
        return rows(names, games, rating, lo, hi);
    }

    /** Counts and ranks for fitted ratings with intervals {@code lo..hi}, best first. */
    static List<Row> rows(List<String> names, List<Game> games, double[] rating, double[] lo, double[] hi) {
        int k = names.size();
        int[] battles = new int[k];
        int[] wins = new int[k];
        int[] losses = new int[k];
        int[] ties = new int[k];
        for (Game g : games) {
            battles[g.a()]++;
            battles[g.b()]++;
            if (g.scoreA() == 1) {
                wins[g.a()]++;
                losses[g.b()]++;
            } else if (g.scoreA() == 0) {
                wins[g.b()]++;
                losses[g.a()]++;
            } else {
                ties[g.a()]++;
                ties[g.b()]++;
            }
        }
        var rows = new ArrayList<Row>();
        for (int i = 0; i < k; i++) {
            int rank = 1;
            for (int j = 0; j < k; j++) if (j != i && lo[j] > hi[i]) rank++;
            rows.add(new Row(names.get(i), rating[i], lo[i], hi[i], battles[i], wins[i], losses[i], ties[i], rank));
        }
        rows.sort(Comparator.comparingDouble(Row::rating).reversed());
        return rows;
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i + 1 >= sorted.length) return sorted[sorted.length - 1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
