package dev.atelier.server.service;

import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.keys.RateLimiter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admission of studio and arena work, which all runs under one internal key. In this order: a request that can never
 * fit a per-minute limit is a 400; then the studio's share of the queue (503 {@code studio_busy}), the jobs a client
 * address and a session may have queued or running (429), their images this minute (429); then the ordinary
 * {@link Submissions} checks of the internal key (queue bound, its rate and quota). Several jobs (an arena battle)
 * are admitted together or not at all.
 *
 * <p>The in-flight counts per session and address are kept in this process (like the per-minute windows); the
 * total is counted in the database, so it holds over every process sharing it, give or take a submission racing in
 * another process.
 */
public final class StudioAdmission {
    private static final long BUSY_RETRY_SECONDS = 5;
    private static final long IN_FLIGHT_RETRY_SECONDS = 2;

    private final Submissions submissions;
    private final JobQueue queue;
    private final ApiKey key;
    private final StudioLimits limits;
    private final int jobCap;
    private final RateLimiter userImages = new RateLimiter();
    private final RateLimiter addressImages = new RateLimiter();
    private final Map<String, Set<String>> userJobs = new HashMap<>();
    private final Map<String, Set<String>> addressJobs = new HashMap<>();

    /**
     * @param key      the internal key studio and arena jobs are submitted under
     * @param maxQueue the server's queue bound, of which the studio gets {@link StudioLimits#queueShare}
     */
    public StudioAdmission(Submissions submissions, JobQueue queue, ApiKey key, StudioLimits limits, int maxQueue) {
        this.submissions = submissions;
        this.queue = queue;
        this.key = key;
        this.limits = limits;
        this.jobCap = limits.jobCap(maxQueue);
    }

    /** Studio and arena jobs allowed queued or running at once. */
    public int jobCap() {
        return jobCap;
    }

    public ApiKey key() {
        return key;
    }

    /** Queues one studio job for {@code who}. */
    public Job submit(Visitor who, JobSpec spec) {
        return submitAll(who, List.of(spec)).getFirst();
    }

    /** Queues all of {@code specs} for {@code who}, or none of them. */
    public synchronized List<Job> submitAll(Visitor who, List<JobSpec> specs) {
        int images = specs.stream().mapToInt(JobSpec::n).sum();
        if (who.limited()) neverFits(images);
        int active = queue.activeCount(key.id());
        if (active + specs.size() > jobCap) {
            throw new ApiException(new ApiError.Unavailable("The studio is busy: " + active + " studio and arena jobs are queued or "
                    + "running (limit " + jobCap + "). Retry in " + BUSY_RETRY_SECONDS + " s.", "studio_busy", BUSY_RETRY_SECONDS));
        }
        long now = System.currentTimeMillis();
        if (who.limited()) {
            inFlight(addressJobs, who.address(), specs.size(), limits.jobsPerAddress(), "from your network address");
            inFlight(userJobs, who.user(), specs.size(), limits.jobsPerUser(), "in this browser session");
            long wait = userImages.tryAcquire(who.user(), limits.imagesPerUserMinute(), images, now);
            if (wait > 0) {
                throw new ApiException(new ApiError.RateLimited("You can start " + limits.imagesPerUserMinute()
                        + " images a minute; try again in " + wait + " s.", wait));
            }
            wait = addressImages.tryAcquire(who.address(), limits.imagesPerAddressMinute(), images, now);
            if (wait > 0) {
                userImages.release(who.user(), images);
                throw new ApiException(new ApiError.RateLimited("Your network address can start " + limits.imagesPerAddressMinute()
                        + " images a minute (all its browser sessions together); try again in " + wait + " s.", wait));
            }
        }
        var jobs = new ArrayList<Job>();
        try {
            for (JobSpec spec : specs) jobs.add(submissions.submit(key, spec, null).job());
        } catch (RuntimeException e) {
            for (Job j : jobs) submissions.cancel(key, j.id());
            if (who.limited()) {
                userImages.release(who.user(), images);
                addressImages.release(who.address(), images);
            }
            throw e;
        }
        if (who.limited()) {
            if (userJobs.size() + addressJobs.size() > 2 * jobCap + 64) forgetEnded();
            for (Job j : jobs) {
                userJobs.computeIfAbsent(who.user(), k -> new HashSet<>()).add(j.id());
                addressJobs.computeIfAbsent(who.address(), k -> new HashSet<>()).add(j.id());
            }
        }
        return jobs;
    }

    /** Cancels a studio or arena job (the caller has checked that the visitor owns it); see {@link Submissions#cancel}. */
    public Optional<Job> cancel(String jobId) {
        return submissions.cancel(key, jobId);
    }

    // a request larger than a per-minute limit would get a Retry-After that never comes true
    private void neverFits(int images) {
        if (images > limits.imagesPerUserMinute()) {
            throw ApiException.invalid("This asks for " + images + " images (n = " + images + "), but a browser session may start at "
                    + "most " + limits.imagesPerUserMinute() + " images a minute; ask for " + limits.imagesPerUserMinute()
                    + " or fewer.", "n");
        }
    }

    // drops owners whose jobs have all ended (each request without a cookie is a new user, so they pile up otherwise)
    private void forgetEnded() {
        var all = new ArrayList<String>();
        userJobs.values().forEach(all::addAll);
        addressJobs.values().forEach(all::addAll);
        var active = new HashSet<String>();
        for (int i = 0; i < all.size(); i += 500) active.addAll(queue.activeAmong(all.subList(i, Math.min(all.size(), i + 500))));
        for (var byOwner : List.of(userJobs, addressJobs)) {
            byOwner.values().forEach(ids -> ids.retainAll(active));
            byOwner.values().removeIf(Set::isEmpty);
        }
    }

    // refuses when the owner already has limit jobs queued or running; forgets jobs that have ended
    private void inFlight(Map<String, Set<String>> byOwner, String owner, int more, int limit, String where) {
        Set<String> ids = byOwner.get(owner);
        if (ids == null) return;
        ids.retainAll(queue.activeAmong(ids));
        if (ids.isEmpty()) {
            byOwner.remove(owner);
            return;
        }
        if (ids.size() + more > limit) {
            throw new ApiException(new ApiError.RateLimited("You have " + ids.size() + " studio or arena jobs queued or running "
                    + where + " (limit " + limit + "); wait for one to finish or cancel it, then retry.", IN_FLIGHT_RETRY_SECONDS));
        }
    }
}
