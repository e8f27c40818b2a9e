package dev.atelier.engine.pipeline;

import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.sched.SchedulerRun;
import java.util.Arrays;
import java.util.Optional;

/**
 * What must match for resolved requests of one model to share a denoiser batch: the size (the latent's shape), the
 * steps and the scheduler (every row takes the same timesteps and update), and whether guidance runs (the batch has
 * unconditional rows or not). Prompts, negative prompts, seeds, counts, guidance scales above 1 and backgrounds may
 * differ. Requests that start from something of their own (an edit's image, reference pictures, given latents) have
 * no key: they run alone. This is the one place that decides; {@link Generator#generateBatch} and the server's job
 * queue both use it.
 *
 * @param width     pixels
 * @param height    pixels
 * @param steps     inference steps
 * @param scheduler "package" for the package's own scheduler, else the kind and its timesteps and initial sigma
 * @param guided    whether classifier-free guidance runs (guidance &gt; 1)
 */
public record BatchKey(int width, int height, int steps, String scheduler, boolean guided) {
    public BatchKey {
        if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (steps < 1) throw new IllegalArgumentException("steps must be ≥ 1, got " + steps);
        if (scheduler == null || scheduler.isBlank()) throw new IllegalArgumentException("scheduler must be named");
    }

    /** The key of {@code request}, or empty when it must run alone. */
    public static Optional<BatchKey> of(GenerationRequest request) {
        if (request.init() != null || request.initialLatents() != null || !request.references().isEmpty()) {
            return Optional.empty();
        }
        String scheduler = "package";
        if (request.scheduler() != null) {
            SchedulerRun run = request.scheduler().start(request.steps());
            scheduler = request.scheduler().kind().cliName() + Arrays.toString(run.timesteps()) + "σ" + run.initNoiseSigma();
        }
        return Optional.of(new BatchKey(request.width(), request.height(), request.steps(), scheduler, request.usesGuidance()));
    }
}
