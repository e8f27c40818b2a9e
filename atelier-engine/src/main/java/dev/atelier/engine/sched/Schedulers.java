package dev.atelier.engine.sched;

import java.nio.file.Path;

/** Makes schedulers from diffusers scheduler configs. */
public final class Schedulers {
    private Schedulers() {
    }

    /**
     * A scheduler of {@code kind} configured from {@code config} the way diffusers' {@code from_config} does:
     * the config may come from another scheduler class (a model ships PNDM, the user asks for Euler); the keys
     * {@code kind}'s class reads carry over, the others are ignored, and absent keys take {@code kind}'s
     * defaults. {@code _class_name} is not consulted.
     *
     * @throws IllegalArgumentException if a key has a value the scheduler does not support (the message names it)
     */
    public static Scheduler create(SchedulerKind kind, SchedulerConfig config) {
        return switch (kind) {
            case DDIM -> new DdimScheduler(config, 0.0);
            case PNDM -> new PndmScheduler(config);
            case EULER -> new EulerScheduler(config);
            case EULER_ANCESTRAL -> new EulerAncestralScheduler(config);
            case LMS -> new LmsScheduler(config);
            case HEUN -> new HeunScheduler(config);
            case DPMPP_2M -> new DpmSolverMultistepScheduler(config);
            case UNIPC -> new UniPcScheduler(config);
            case LCM -> new LcmScheduler(config);
            case FLOW_EULER -> new FlowMatchEulerScheduler(config);
        };
    }

    /**
     * As {@link #create(SchedulerKind, SchedulerConfig)}, with {@code use_karras_sigmas} forced on or off (the
     * CLI's {@code --karras}); {@code null} keeps the config's value.
     *
     * @throws IllegalArgumentException if Karras sigmas are requested for a kind that has none, listing those
     *                                  that do
     */
    public static Scheduler create(SchedulerKind kind, SchedulerConfig config, Boolean useKarrasSigmas) {
        if (useKarrasSigmas == null) return create(kind, config);
        if (useKarrasSigmas && !kind.hasKarrasSigmas()) {
            throw new IllegalArgumentException("Karras sigmas are not available for " + kind.cliName() + "; they are for "
                    + SchedulerKind.karrasNames());
        }
        return create(kind, config.withUseKarrasSigmas(useKarrasSigmas));
    }

    /**
     * The scheduler a model's {@code scheduler_config.json} describes, its kind taken from {@code _class_name}.
     *
     * @throws IllegalArgumentException if the file has no {@code _class_name} or names a class Atelier does not
     *                                  implement (the message lists the supported ones)
     */
    public static Scheduler fromConfigFile(Path file) {
        SchedulerConfig config = SchedulerConfig.read(file);
        if (config.className() == null) {
            throw new IllegalArgumentException(file + " has no _class_name; cannot tell which scheduler it configures");
        }
        try {
            return create(SchedulerKind.forClassName(config.className()), config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
