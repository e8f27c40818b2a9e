package dev.atelier.cli;

import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns {@code --scheduler}, {@code --karras} and {@code --scheduler-config} into a scheduler. The config
 * (the given file, else the model's) supplies the noise schedule; {@code --scheduler} picks the algorithm, as
 * diffusers' {@code from_config} does; without either flag the model's own scheduler is used.
 */
final class SchedulerChoice {
    private SchedulerChoice() {
    }

    /** Schedulers whose sigma tables can follow Karras et al. (2022). */
    static final Set<SchedulerKind> KARRAS = EnumSet.of(SchedulerKind.EULER, SchedulerKind.LMS, SchedulerKind.HEUN,
            SchedulerKind.DPMPP_2M, SchedulerKind.UNIPC);

    static Scheduler resolve(String name, boolean karras, Path configFile, Scheduler modelDefault, ModelPackage pkg) {
        if (name == null && !karras && configFile == null) return modelDefault;
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("scheduler config not found: " + configFile);
        }
        Path file = configFile != null ? configFile : pkg.schedulerConfig();
        SchedulerConfig config = SchedulerConfig.read(file);
        SchedulerKind kind = name != null ? SchedulerKind.lookup(name)
                : configFile != null ? Schedulers.fromConfigFile(file).kind() : modelDefault.kind();
        if (karras && !KARRAS.contains(kind)) {
            throw new IllegalArgumentException("--karras works with " + KARRAS.stream().map(SchedulerKind::cliName)
                    .collect(Collectors.joining(", ")) + ", not with " + kind.cliName());
        }
        return Schedulers.create(kind, config, karras ? Boolean.TRUE : null);
    }
}
