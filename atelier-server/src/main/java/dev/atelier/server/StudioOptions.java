package dev.atelier.server;

import java.nio.file.Path;

/**
 * Settings of the web studio and the arena.
 *
 * @param arenaFile           {@code arena.yaml}, or null for one contestant per installed model
 * @param imagesPerUserMinute images one browser user may start per minute
 * @param bootstrapSamples    resamples for the leaderboard's 95% intervals, ≥ 100
 * @param secureCookie        mark the session cookie Secure (set when served over HTTPS)
 */
public record StudioOptions(Path arenaFile, int imagesPerUserMinute, int bootstrapSamples, boolean secureCookie) {
    public StudioOptions {
        if (imagesPerUserMinute < 1) throw new IllegalArgumentException("images per user per minute must be ≥ 1, got " + imagesPerUserMinute);
        if (bootstrapSamples < 100) throw new IllegalArgumentException("bootstrap samples must be ≥ 100, got " + bootstrapSamples);
    }

    public static StudioOptions defaults() {
        return new StudioOptions(null, 30, 200, false);
    }

    public StudioOptions withArenaFile(Path f) {
        return new StudioOptions(f, imagesPerUserMinute, bootstrapSamples, secureCookie);
    }
}
