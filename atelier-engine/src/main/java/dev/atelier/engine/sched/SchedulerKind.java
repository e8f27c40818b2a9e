package dev.atelier.engine.sched;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The schedulers Atelier implements, by CLI name and diffusers class name. */
public enum SchedulerKind {
    DDIM("ddim", "DDIMScheduler"),
    PNDM("pndm", "PNDMScheduler"),
    EULER("euler", "EulerDiscreteScheduler"),
    EULER_ANCESTRAL("euler-ancestral", "EulerAncestralDiscreteScheduler"),
    LMS("lms", "LMSDiscreteScheduler"),
    HEUN("heun", "HeunDiscreteScheduler"),
    DPMPP_2M("dpmpp-2m", "DPMSolverMultistepScheduler"),
    UNIPC("unipc", "UniPCMultistepScheduler"),
    LCM("lcm", "LCMScheduler"),
    FLOW_EULER("flow-euler", "FlowMatchEulerDiscreteScheduler");

    private final String cliName;
    private final String className;

    SchedulerKind(String cliName, String className) {
        this.cliName = cliName;
        this.className = className;
    }

    public String cliName() {
        return cliName;
    }

    /** The diffusers class name ({@code _class_name} in scheduler_config.json). */
    public String className() {
        return className;
    }

    /** Parses a CLI name (case-insensitive); the error lists the valid names. */
    public static SchedulerKind lookup(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.cliName.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scheduler '" + name + "'; valid: " + names()));
    }

    /** Finds the kind for a diffusers class name; the error lists the supported classes. */
    public static SchedulerKind forClassName(String className) {
        return Arrays.stream(values()).filter(k -> k.className.equals(className)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported scheduler class '" + className
                        + "'; supported: " + Arrays.stream(values()).map(SchedulerKind::className)
                        .collect(Collectors.joining(", "))));
    }

    public static String names() {
        return Arrays.stream(values()).map(SchedulerKind::cliName).collect(Collectors.joining(", "));
    }

    /** Whether this kind's diffusers class reads {@code use_karras_sigmas} (Karras et al. 2022). */
    public boolean hasKarrasSigmas() {
        return switch (this) {
            case EULER, LMS, HEUN, DPMPP_2M, UNIPC -> true;
            case DDIM, PNDM, EULER_ANCESTRAL, LCM, FLOW_EULER -> false;
        };
    }

    /**
     * Model calls per inference step (diffusers' {@code scheduler.order}): image-to-image that skips {@code k} steps
     * begins at call {@code k * order()}.
     */
    public int order() {
        return switch (this) {
            case HEUN -> 2;
            case DDIM, PNDM, EULER, EULER_ANCESTRAL, LMS, DPMPP_2M, UNIPC, LCM, FLOW_EULER -> 1;
        };
    }

    /** The kinds with Karras sigmas, by CLI name: {@code euler, lms, ...}. */
    public static String karrasNames() {
        return Arrays.stream(values()).filter(SchedulerKind::hasKarrasSigmas).map(SchedulerKind::cliName)
                .collect(Collectors.joining(", "));
    }
}
