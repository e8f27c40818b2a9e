package dev.atelier.engine.sched;

/**
 * UniPC's predictor (UniP) and corrector (UniC) updates with B(h) = h (bh1) or e^h - 1 (bh2), in the
 * data-prediction ({@code predictX0}) or noise-prediction form (Zhao et al. 2023, Algorithms 2 and 3).
 * {@code history} holds the converted model outputs, newest last.
 */
record UniPcUpdate(boolean predictX0, boolean bh1) {

    /** UniP-p from entry {@code i} to {@code i + 1}, the newest history entry being the output at {@code i}. */
    double[] predict(MultistepRun r, int i, double[] x, double[][] history, int order) {
        int last = history.length - 1;
        double h = r.lambda(i + 1) - r.lambda(i);
        double[] rks = new double[order];
        double[][] d1s = new double[order - 1][];
        for (int k = 1; k < order; k++) {
            rks[k - 1] = (r.lambda(i - k) - r.lambda(i)) / h;
            d1s[k - 1] = difference(history[last - k], history[last], rks[k - 1]);
        }
        rks[order - 1] = 1;
        Coefficients c = coefficients(h, rks, order);
        double[] rhos = order == 1 ? new double[0]
                : order == 2 ? new double[] {0.5} : solve(c.r, c.b, order - 1);
        return combine(r, i, i + 1, x, history[last], c, rhos, d1s, null, 0);
    }

    /**
     * UniC: corrects {@code sample} (the prediction for entry {@code i}, made from {@code lastSample} at
     * {@code i - 1}) with the new output {@code modelT} at {@code i}; the history's newest entry is still the
     * output at {@code i - 1}.
     */
    double[] correct(MultistepRun r, int i, double[] modelT, double[] lastSample, double[] sample,
                     double[][] history, int order) {
        int last = history.length - 1;
        double h = r.lambda(i) - r.lambda(i - 1);
        double[] rks = new double[order];
        double[][] d1s = new double[order - 1][];
        for (int k = 1; k < order; k++) {
            rks[k - 1] = (r.lambda(i - 1 - k) - r.lambda(i - 1)) / h;
            d1s[k - 1] = difference(history[last - k], history[last], rks[k - 1]);
        }
        rks[order - 1] = 1;
        Coefficients c = coefficients(h, rks, order);
        double[] rhos = order == 1 ? new double[] {0.5} : solve(c.r, c.b, order);
        double[] d1t = new double[modelT.length];
        for (int k = 0; k < d1t.length; k++) d1t[k] = modelT[k] - history[last][k];
        return combine(r, i - 1, i, lastSample, history[last], c, rhos, d1s, d1t, rhos[rhos.length - 1]);
    }

    private record Coefficients(double[][] r, double[] b, double hPhi1, double bh) {
    }

    /** The matrix R (rows rk^(p-1)) and vector b of the order conditions (Zhao et al. 2023, eq. 9). */
    private Coefficients coefficients(double h, double[] rks, int order) {
        double hh = predictX0 ? -h : h;
        double hPhi1 = Math.expm1(hh);
        double hPhiK = hPhi1 / hh - 1;
        double bh = bh1 ? hh : Math.expm1(hh);
        double factorial = 1;
        double[][] r = new double[order][order];
        double[] b = new double[order];
        for (int p = 1; p <= order; p++) {
            for (int k = 0; k < order; k++) r[p - 1][k] = Math.pow(rks[k], p - 1);
            b[p - 1] = hPhiK * factorial / bh;
            factorial *= p + 1;
            hPhiK = hPhiK / hh - 1 / factorial;
        }
        return new Coefficients(r, b, hPhi1, bh);
    }

    /** {@code x_t = base - scale * B(h) * (sum rhos_k D1_k + rhoT * D1_t)} from entry {@code s} to {@code t}. */
    private double[] combine(MultistepRun r, int s, int t, double[] x, double[] m0, Coefficients c, double[] rhos,
                             double[][] d1s, double[] d1t, double rhoT) {
        double ratio = predictX0 ? r.sigmaT(t) / r.sigmaT(s) : r.alpha(t) / r.alpha(s);
        double scale = predictX0 ? r.alpha(t) : r.sigmaT(t);
        // at a final sigma of 0, B(h) is infinite under bh1; a first-order predictor has no residual term then
        boolean residual = d1s.length > 0 || d1t != null;
        double[] out = new double[x.length];
        for (int k = 0; k < out.length; k++) {
            double res = 0;
            for (int j = 0; j < d1s.length; j++) res += rhos[j] * d1s[j][k];
            if (d1t != null) res += rhoT * d1t[k];
            out[k] = ratio * x[k] - scale * c.hPhi1 * m0[k] - (residual ? scale * c.bh * res : 0);
        }
        return out;
    }

    private static double[] difference(double[] mk, double[] m0, double rk) {
        double[] d = new double[m0.length];
        for (int k = 0; k < d.length; k++) d[k] = (mk[k] - m0[k]) / rk;
        return d;
    }

    /** Solves the leading {@code n x n} block of {@code a} against {@code b} (Gaussian elimination with pivoting). */
    static double[] solve(double[][] a, double[] b, int n) {
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int row = col + 1; row < n; row++) {
                double f = m[row][col] / m[col][col];
                for (int k = col; k <= n; k++) m[row][k] -= f * m[col][k];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int k = i + 1; k < n; k++) s -= m[i][k] * x[k];
            x[i] = s / m[i][i];
        }
        return x;
    }
}
