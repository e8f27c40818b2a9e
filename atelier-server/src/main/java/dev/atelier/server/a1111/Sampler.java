package dev.atelier.server.a1111;

import dev.atelier.engine.sched.SchedulerKind;
import java.util.List;

/**
 * AUTOMATIC1111's sampler names and the engine's scheduler each one runs. Samplers of noise-prediction models (Stable
 * Diffusion) map to the diffusers schedulers A1111's k-diffusion samplers correspond to; a flow-matching model has one
 * sampler, Euler, which is flow-matching Euler there.
 *
 * @param name    the A1111 name ({@code sampler_name})
 * @param aliases A1111's other names for it ({@code k_euler_a}, ...)
 * @param kind    the engine's scheduler
 */
record Sampler(String name, List<String> aliases, SchedulerKind kind) {
    Sampler {
        aliases = List.copyOf(aliases);
    }

    /** The samplers of a noise-prediction model, in A1111's order. */
    static final List<Sampler> NOISE_PREDICTION = List.of(
            new Sampler("DPM++ 2M", List.of("k_dpmpp_2m"), SchedulerKind.DPMPP_2M),
            new Sampler("Euler a", List.of("k_euler_a", "k_euler_ancestral"), SchedulerKind.EULER_ANCESTRAL),
            new Sampler("Euler", List.of("k_euler"), SchedulerKind.EULER),
            new Sampler("LMS", List.of("k_lms"), SchedulerKind.LMS),
            new Sampler("Heun", List.of("k_heun"), SchedulerKind.HEUN),
            new Sampler("DDIM", List.of(), SchedulerKind.DDIM),
            new Sampler("PLMS", List.of(), SchedulerKind.PNDM),
            new Sampler("UniPC", List.of(), SchedulerKind.UNIPC),
            new Sampler("LCM", List.of("k_lcm"), SchedulerKind.LCM));

    /** The samplers of a flow-matching model. */
    static final List<Sampler> FLOW = List.of(new Sampler("Euler", List.of("k_euler"), SchedulerKind.FLOW_EULER));

    /** Whether {@code text} names this sampler (its name or an alias, in any case). */
    boolean named(String text) {
        return name.equalsIgnoreCase(text) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(text));
    }
}
