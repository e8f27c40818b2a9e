package dev.atelier.engine.sched;

import java.util.OptionalInt;

/** A configured diffusion scheduler (diffusers semantics). Immutable; {@link #start} makes the per-run state. */
public interface Scheduler {

    /** The kind and the configuration this scheduler was made from. */
    SchedulerKind kind();

    /** Prepares a run of {@code steps} inference steps (diffusers' {@code set_timesteps}). */
    SchedulerRun start(int steps);

    /**
     * For a flow-matching scheduler, its {@code num_train_timesteps}: a model call at σ gets the timestep
     * {@code σ · num_train_timesteps}. Empty for the noise-prediction schedulers, whose timesteps index a beta table.
     */
    default OptionalInt flowTimestepScale() {
        return OptionalInt.empty();
    }
}
