package dev.atelier.engine.sched;

/**
 * The DPM-Solver updates from schedule entry {@code i} to {@code i + 1}: first order (DDIM-like), multistep
 * second order (midpoint or Heun variant) and multistep third order, in the data-prediction form of
 * DPM-Solver++ (Lu et al. 2022, "DPM-Solver++", eqs. 8-9 and Algorithm 2) or the noise-prediction form of
 * DPM-Solver (Lu et al. 2022, "DPM-Solver", eqs. 3.7-3.8).
 *
 * @param dataPrediction whether the model outputs are denoised samples (++) rather than noise
 * @param heun           the Heun variant of the second-order update instead of the midpoint one
 */
record MultistepUpdate(boolean dataPrediction, boolean heun) {

    double[] firstOrder(MultistepRun r, int i, double[] x, double[] m0) {
        double h = r.lambda(i + 1) - r.lambda(i);
        double[] out = new double[x.length];
        if (dataPrediction) {
            double a = r.sigmaT(i + 1) / r.sigmaT(i);
            double b = -r.alpha(i + 1) * Math.expm1(-h);
            for (int k = 0; k < out.length; k++) out[k] = a * x[k] + b * m0[k];
        } else {
            double a = r.alpha(i + 1) / r.alpha(i);
            double b = -r.sigmaT(i + 1) * Math.expm1(h);
            for (int k = 0; k < out.length; k++) out[k] = a * x[k] + b * m0[k];
        }
        return out;
    }

    /** {@code m0} is the newest model output (at {@code i}), {@code m1} the one before (at {@code i - 1}). */
    double[] secondOrder(MultistepRun r, int i, double[] x, double[] m0, double[] m1) {
        double h = r.lambda(i + 1) - r.lambda(i);
        double r0 = (r.lambda(i) - r.lambda(i - 1)) / h;
        double at = r.alpha(i + 1);
        double st = r.sigmaT(i + 1);
        double[] out = new double[x.length];
        for (int k = 0; k < out.length; k++) {
            double d1 = (m0[k] - m1[k]) / r0;
            if (dataPrediction) {
                double e = Math.exp(-h) - 1;
                double second = heun ? at * (e / h + 1) * d1 : -0.5 * at * e * d1;
                out[k] = st / r.sigmaT(i) * x[k] - at * e * m0[k] + second;
            } else {
                double e = Math.exp(h) - 1;
                double second = heun ? -st * (e / h - 1) * d1 : -0.5 * st * e * d1;
                out[k] = at / r.alpha(i) * x[k] - st * e * m0[k] + second;
            }
        }
        return out;
    }

    /** {@code m0}, {@code m1}, {@code m2}: the model outputs at {@code i}, {@code i - 1}, {@code i - 2}. */
    double[] thirdOrder(MultistepRun r, int i, double[] x, double[] m0, double[] m1, double[] m2) {
        double h = r.lambda(i + 1) - r.lambda(i);
        double r0 = (r.lambda(i) - r.lambda(i - 1)) / h;
        double r1 = (r.lambda(i - 1) - r.lambda(i - 2)) / h;
        double at = r.alpha(i + 1);
        double st = r.sigmaT(i + 1);
        double[] out = new double[x.length];
        for (int k = 0; k < out.length; k++) {
            double d10 = (m0[k] - m1[k]) / r0;
            double d11 = (m1[k] - m2[k]) / r1;
            double d1 = d10 + r0 / (r0 + r1) * (d10 - d11);
            double d2 = (d10 - d11) / (r0 + r1);
            if (dataPrediction) {
                double e = Math.exp(-h) - 1;
                out[k] = st / r.sigmaT(i) * x[k] - at * e * m0[k] + at * (e / h + 1) * d1
                        - at * ((e + h) / (h * h) - 0.5) * d2;
            } else {
                double e = Math.exp(h) - 1;
                out[k] = at / r.alpha(i) * x[k] - st * e * m0[k] - st * (e / h - 1) * d1
                        - st * ((e - h) / (h * h) - 0.5) * d2;
            }
        }
        return out;
    }
}
