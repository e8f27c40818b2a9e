package dev.atelier.cli;

import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns {@code --scheduler}, {@code --karras} and {@code --scheduler-config} into a scheduler. The config
 * (the given file, else the model's) supplies the noise schedule; {@code --scheduler} picks the algorithm, as
 * diffusers' {@code from_config} does; without either flag the model's own scheduler is used.
 */
final class SchedulerChoice {
    private SchedulerChoice() {
    }

    static Scheduler resolve(String name, boolean karras, Path configFile, Scheduler modelDefault, ModelPackage pkg) {
        if (name == null && !karras && configFile == null) return modelDefault;
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("scheduler config not found: " + configFile);
        }
        SchedulerConfig config = SchedulerConfig.read(configFile != null ? configFile : pkg.schedulerConfig());
        SchedulerKind kind = name != null ? SchedulerKind.lookup(name)
                : configFile != null ? Schedulers.kindOf(config, configFile) : modelDefault.kind();
        if (karras) config = config.withUseKarrasSigmas(true);
        return Schedulers.create(kind, config);
    }
}
