package dev.atelier.engine.sched;

/**
 * A run of a multistep solver working in log-SNR time (DPM-Solver, UniPC): from each sigma of the schedule it
 * derives {@code alpha_t = 1 / sqrt(sigma^2 + 1)}, {@code sigma_t = sigma * alpha_t} and
 * {@code lambda = log(alpha_t) - log(sigma_t)} (Lu et al. 2022, section 2). The model sees the sample as is.
 */
abstract class MultistepRun extends SequentialRun {
    private final double[] sigmas;

    /** @param sigmas one per call plus the final one (float32 values) */
    MultistepRun(SchedulerKind kind, double[] timesteps, double[] sigmas) {
        super(kind, timesteps, 1.0);
        this.sigmas = sigmas;
    }

    double alpha(int i) {
        return 1 / Math.sqrt(sigmas[i] * sigmas[i] + 1);
    }

    double sigmaT(int i) {
        return sigmas[i] * alpha(i);
    }

    /** The half log-SNR at schedule entry {@code i}; +infinity at sigma 0. */
    double lambda(int i) {
        return Math.log(alpha(i)) - Math.log(sigmaT(i));
    }

    @Override
    double[] noiseMix(int index) {
        return new double[] {alpha(index), sigmaT(index)};
    }

    @Override
    double[] sigmas() {
        return sigmas.clone();
    }
}
