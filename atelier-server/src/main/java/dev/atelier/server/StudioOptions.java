package dev.atelier.server;

import dev.atelier.server.service.StudioLimits;
import java.nio.file.Path;

/**
 * Settings of the web studio and the arena. (Whether the session cookie is {@code Secure} is not a setting: it
 * follows the scheme of {@link ServerConfig#publicUrl}.)
 *
 * @param arenaFile        {@code arena.yaml}, or null for one contestant per installed model
 * @param limits           the studio's and arena's admission budget
 * @param bootstrapSamples resamples for the leaderboard's 95% intervals, ≥ 100
 */
public record StudioOptions(Path arenaFile, StudioLimits limits, int bootstrapSamples) {
    public StudioOptions {
        if (limits == null) throw new IllegalArgumentException("studio limits must be given (StudioLimits.defaults())");
        if (bootstrapSamples < 100) throw new IllegalArgumentException("bootstrap samples must be ≥ 100, got " + bootstrapSamples);
    }

    public static StudioOptions defaults() {
        return new StudioOptions(null, StudioLimits.defaults(), 200);
    }

    public StudioOptions withArenaFile(Path f) {
        return new StudioOptions(f, limits, bootstrapSamples);
    }

    public StudioOptions withLimits(StudioLimits l) {
        return new StudioOptions(arenaFile, l, bootstrapSamples);
    }
}
