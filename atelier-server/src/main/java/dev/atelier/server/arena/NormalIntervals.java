package dev.atelier.server.arena;

import java.util.HashMap;
import java.util.List;

/**
 * Bradley–Terry with the method the Chatbot Arena paper describes (Chiang et al. 2024, "Chatbot Arena: An Open
 * Platform for Evaluating LLMs by Human Preference", §5): each battle weighted by the inverse of how often its pair
 * was sampled (here: every pair that has battles carries the same total weight), the weighted maximum-likelihood
 * fit ({@link Ratings#fit}, with its one virtual tie per contestant), and 95% intervals from the asymptotic normal
 * approximation with the robust ("sandwich") covariance {@code H⁻¹ M H⁻¹}: {@code H} the Hessian of the weighted
 * log-likelihood (prior included), {@code M} the sum of the battles' outer gradient products; where the model-based
 * variance {@code H⁻¹} is larger (few, one-sided battles), that one. Deterministic, and one fit instead of hundreds.
 */
public final class NormalIntervals {
    private static final double Z95 = 1.959964;
    private static final double LOG_TO_RATING = Ratings.SCALE / Math.log(10);

    private NormalIntervals() {
    }

    /** The leaderboard of contestants {@code names} from {@code games}, best first. */
    public static List<Ratings.Row> leaderboard(List<String> names, List<Ratings.Game> games) {
        int k = names.size();
        double[] w = pairWeights(games);
        double[][] score = new double[k][k];
        double[][] played = new double[k][k];
        for (int g = 0; g < games.size(); g++) Ratings.add(score, played, games.get(g), w[g]);
        double[] rating = Ratings.fit(score, played);
        double[] p = Ratings.strengths(score, played);
        double[] theta = new double[k];  // natural-log strengths; the virtual reference is at 0
        for (int i = 0; i < k; i++) theta[i] = Math.log(p[i]);

        double[][] h = new double[k][k];  // minus the Hessian
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            double q = sigmoid(theta[i]);  // the virtual tie against the reference at strength 0
            h[i][i] += q * (1 - q);
        }
        for (int g = 0; g < games.size(); g++) {
            Ratings.Game game = games.get(g);
            int a = game.a();
            int b = game.b();
            double q = sigmoid(theta[a] - theta[b]);
            double c = w[g] * q * (1 - q);
            h[a][a] += c;
            h[b][b] += c;
            h[a][b] -= c;
            h[b][a] -= c;
            double grad = w[g] * (game.scoreA() - q);  // d/dθa; d/dθb is its negative
            m[a][a] += grad * grad;
            m[b][b] += grad * grad;
            m[a][b] -= grad * grad;
            m[b][a] -= grad * grad;
        }
        double[][] hi = invert(h);
        double[] robust = centredVariances(multiply(multiply(hi, m), hi));
        double[] model = centredVariances(hi);
        double[] lo = new double[k];
        double[] up = new double[k];
        for (int i = 0; i < k; i++) {
            // the larger of the robust and the model-based variance: with few, one-sided battles the residuals are
            // small and the sandwich alone would claim a certainty the data do not have
            double half = Z95 * LOG_TO_RATING * Math.sqrt(Math.max(robust[i], model[i]));
            lo[i] = rating[i] - half;
            up[i] = rating[i] + half;
        }
        return Ratings.rows(names, games, rating, lo, up);
    }

    /** The variances of the centred ratings {@code Cθ}, {@code C = I - 11ᵀ/k}, for a covariance {@code v} of θ: the diagonal of {@code C v C}. */
    static double[] centredVariances(double[][] v) {
        int k = v.length;
        double total = 0;
        double[] row = new double[k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) {
            row[i] += v[i][j] / k;
            total += v[i][j] / ((double) k * k);
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) out[i] = Math.max(0, v[i][i] - 2 * row[i] + total);
        return out;
    }

    /** Each battle's weight: the pairs with battles share the total equally, so a pair's weight is n / (pairs · n_pair). */
    static double[] pairWeights(List<Ratings.Game> games) {
        var count = new HashMap<Long, Integer>();
        for (Ratings.Game g : games) count.merge(pair(g), 1, Integer::sum);
        double[] w = new double[games.size()];
        for (int g = 0; g < w.length; g++) w[g] = (double) games.size() / (count.size() * count.get(pair(games.get(g))));
        return w;
    }

    private static long pair(Ratings.Game g) {
        return ((long) Math.min(g.a(), g.b()) << 32) | Math.max(g.a(), g.b());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int k = x.length;
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) for (int l = 0; l < k; l++) for (int j = 0; j < k; j++) out[i][j] += x[i][l] * y[l][j];
        return out;
    }

    /** Gauss–Jordan with partial pivoting; {@code a} is positive definite here (the prior makes it so). */
    static double[][] invert(double[][] a) {
        int k = a.length;
        double[][] m = new double[k][2 * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, m[i], 0, k);
            m[i][k + i] = 1;
        }
        for (int c = 0; c < k; c++) {
            int p = c;
            for (int r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double d = m[c][c];
            if (d == 0) throw new ArithmeticException("singular information matrix");
            for (int j = 0; j < 2 * k; j++) m[c][j] /= d;
            for (int r = 0; r < k; r++) {
                if (r == c || m[r][c] == 0) continue;
                double f = m[r][c];
                for (int j = 0; j < 2 * k; j++) m[r][j] -= f * m[c][j];
            }
        }
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) System.arraycopy(m[i], k, out[i], 0, k);
        return out;
    }
}
