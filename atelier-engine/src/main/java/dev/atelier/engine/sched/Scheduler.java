package dev.atelier.engine.sched;

/** A configured diffusion scheduler (diffusers semantics). Immutable; {@link #start} makes the per-run state. */
public interface Scheduler {

    /** The kind and the configuration this scheduler was made from. */
    SchedulerKind kind();

    /** Prepares a run of {@code steps} inference steps (diffusers' {@code set_timesteps}). */
    SchedulerRun start(int steps);
}
