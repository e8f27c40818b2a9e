package dev.atelier.engine.sched;

/**
 * A run of a sigma-parameterised scheduler: the model sees {@code sample / sqrt(sigma^2 + 1)} (Karras et al.
 * 2022, Table 1, c_in), and the run exposes its sigmas to the tests.
 */
abstract class SigmaRun extends SequentialRun {
    final double[] sigmas;

    /** @param sigmas one per call plus the final one (float32 values) */
    SigmaRun(SchedulerKind kind, double[] timesteps, double[] sigmas, double initNoiseSigma) {
        super(kind, timesteps, initNoiseSigma);
        this.sigmas = sigmas;
    }

    @Override
    double inputScale(int index) {
        return 1 / Math.sqrt(sigmas[index] * sigmas[index] + 1);
    }

    // the variance-exploding process x = x0 + sigma·noise
    @Override
    double[] noiseMix(int index) {
        return new double[] {1, sigmas[index]};
    }

    @Override
    double[] sigmas() {
        return sigmas.clone();
    }
}
