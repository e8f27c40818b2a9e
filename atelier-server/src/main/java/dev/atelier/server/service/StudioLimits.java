package dev.atelier.server.service;

/**
 * The studio's and the arena's admission budget, on top of the internal key's limits and the queue bound. Their
 * jobs all run under one internal key, so without these a burst of browser requests (or cookie-less requests, each
 * of which is a new anonymous user) could fill the queue that API keys rely on.
 *
 * @param imagesPerUserMinute    images one browser session may start per minute
 * @param imagesPerAddressMinute images all sessions from one client address (an IPv6 /64) may start per minute
 * @param jobsPerUser            studio and arena jobs one session may have queued or running at once
 * @param jobsPerAddress         studio and arena jobs one client address may have queued or running at once
 * @param maxJobs                studio and arena jobs queued or running at once, over all users and processes
 * @param queueShare             the share of the server's queue bound the studio and arena may hold, in (0, 1);
 *                               the rest is kept for API keys
 */
public record StudioLimits(int imagesPerUserMinute, int imagesPerAddressMinute, int jobsPerUser, int jobsPerAddress,
                           int maxJobs, double queueShare) {
    public StudioLimits {
        if (imagesPerUserMinute < 1) throw new IllegalArgumentException("images per user per minute must be ≥ 1, got " + imagesPerUserMinute);
        if (imagesPerAddressMinute < imagesPerUserMinute) {
            throw new IllegalArgumentException("images per address per minute must be ≥ images per user per minute ("
                    + imagesPerUserMinute + "), got " + imagesPerAddressMinute);
        }
        if (jobsPerUser < 2) throw new IllegalArgumentException("jobs per user must be ≥ 2 (an arena battle is two jobs), got " + jobsPerUser);
        if (jobsPerAddress < jobsPerUser) {
            throw new IllegalArgumentException("jobs per address must be ≥ jobs per user (" + jobsPerUser + "), got " + jobsPerAddress);
        }
        if (maxJobs < 2) throw new IllegalArgumentException("max studio jobs must be ≥ 2, got " + maxJobs);
        if (!(queueShare > 0 && queueShare < 1)) throw new IllegalArgumentException("queue share must be in (0, 1), got " + queueShare);
    }

    /** 30 images a minute per session and 60 per address; 4 jobs at once per session, 8 per address, 16 in all; half the queue. */
    public static StudioLimits defaults() {
        return new StudioLimits(30, 60, 4, 8, 16, 0.5);
    }

    /** Studio and arena jobs allowed at once with a server queue bound of {@code maxQueue}: the smaller of the two caps. */
    public int jobCap(int maxQueue) {
        return Math.max(1, Math.min(maxJobs, (int) Math.floor(maxQueue * queueShare)));
    }

    public StudioLimits withImagesPerUserMinute(int n) {
        return new StudioLimits(n, Math.max(n, imagesPerAddressMinute), jobsPerUser, jobsPerAddress, maxJobs, queueShare);
    }

    public StudioLimits withJobs(int perUser, int perAddress, int max) {
        return new StudioLimits(imagesPerUserMinute, imagesPerAddressMinute, perUser, perAddress, max, queueShare);
    }
}
