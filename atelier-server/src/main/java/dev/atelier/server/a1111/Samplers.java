package dev.atelier.server.a1111;

import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.server.service.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place where A1111's {@code sampler_name} and {@code scheduler} meet a model: which samplers it offers
 * ({@code GET /sdapi/v1/samplers} lists exactly what {@code txt2img} accepts) and which engine scheduler a request
 * runs. Unknown names are 422s that list the allowed ones.
 */
final class Samplers {
    /** A1111's {@code scheduler} values Atelier honours: the model's own sigmas, or Karras sigmas. */
    static final List<String> SCHEDULERS = List.of("Automatic", "Karras");

    private Samplers() {
    }

    /**
     * What a request runs: the engine scheduler's CLI name (null for the model's own) and whether with Karras sigmas.
     */
    record Choice(String scheduler, boolean karras) {
    }

    /** The samplers {@code pkg} accepts. */
    static List<Sampler> of(ModelPackage pkg) {
        return flow(pkg) ? Sampler.FLOW : Sampler.NOISE_PREDICTION;
    }

    /**
     * The scheduler for {@code samplerName} (null: the model's own) and {@code scheduler} (null or {@code Automatic}:
     * the sampler's own sigmas; {@code Karras}). A name ending in " Karras" (A1111 before 1.9: "DPM++ 2M Karras")
     * asks for Karras sigmas too.
     */
    static Choice choose(ModelPackage pkg, String samplerName, String scheduler) {
        boolean karras = karras(scheduler);
        if (samplerName == null || samplerName.isBlank()) {
            if (karras) throw ApiException.invalid("Scheduler 'Karras' needs a 'sampler_name'; samplers with Karras sigmas: " + karrasNames(pkg), "scheduler");
            return new Choice(null, false);
        }
        String name = samplerName.strip();
        if (name.toLowerCase(Locale.ROOT).endsWith(" karras")) {
            karras = true;
            name = name.substring(0, name.length() - " karras".length()).strip();
        }
        String wanted = name;
        Sampler s = of(pkg).stream().filter(x -> x.named(wanted)).findFirst().orElseThrow(() -> ApiException.invalid(
                "Sampler '" + samplerName + "' is not available for " + pkg.name() + "; 'sampler_name' must be one of: "
                        + names(pkg) + ".", "sampler_name"));
        if (karras && !s.kind().hasKarrasSigmas()) {
            throw ApiException.invalid("Scheduler 'Karras' does not work with sampler '" + s.name() + "'; samplers with "
                    + "Karras sigmas: " + karrasNames(pkg) + ".", "scheduler");
        }
        return new Choice(s.kind().cliName(), karras);
    }

    /** The A1111 name of the sampler that runs {@code cliName} on {@code pkg} (null: the model's own scheduler). */
    static String nameOf(ModelPackage pkg, String cliName) {
        SchedulerKind kind;
        try {
            kind = cliName != null ? SchedulerKind.lookup(cliName) : SchedulerKind.forClassName(className(pkg));
        } catch (IllegalArgumentException e) {
            return String.valueOf(cliName);
        }
        return of(pkg).stream().filter(s -> s.kind() == kind).map(Sampler::name).findFirst().orElse(kind.cliName());
    }

    static String names(ModelPackage pkg) {
        return of(pkg).stream().map(Sampler::name).collect(Collectors.joining(", "));
    }

    private static String karrasNames(ModelPackage pkg) {
        String names = of(pkg).stream().filter(s -> s.kind().hasKarrasSigmas()).map(Sampler::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none for " + pkg.name() : names;
    }

    private static boolean karras(String scheduler) {
        if (scheduler == null || scheduler.isBlank()) return false;
        Optional<String> known = SCHEDULERS.stream().filter(s -> s.equalsIgnoreCase(scheduler.strip())).findFirst();
        return known.orElseThrow(() -> ApiException.invalid("Scheduler '" + scheduler + "' is not available; 'scheduler' must "
                + "be one of: " + String.join(", ", SCHEDULERS) + ".", "scheduler")).equals("Karras");
    }

    private static boolean flow(ModelPackage pkg) {
        return SchedulerKind.FLOW_EULER.className().equals(className(pkg));
    }

    private static String className(ModelPackage pkg) {
        try {
            return SchedulerConfig.read(pkg.schedulerConfig()).className();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
