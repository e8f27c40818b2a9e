package dev.atelier.server.a1111;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.jobs.Job;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.JobState;
import dev.atelier.server.service.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The A1111 jobs each key is waiting for in this process, for {@code GET /sdapi/v1/progress} and {@code POST
 * /sdapi/v1/interrupt}. A1111 has one job at a time for the whole server; here each key has its own, the earliest
 * of its {@code txt2img}/{@code img2img} requests still waiting, and the latest preview of it (a cheap preview of the
 * current sample, as the Images API streams them).
 */
final class CurrentJobs {
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** One waiting request's job, its latest preview (PNG) and whether it was interrupted. */
    static final class Current {
        final String jobId;
        volatile byte[] preview;
        volatile boolean interrupted;

        Current(String jobId) {
            this.jobId = jobId;
        }
    }

    private final Map<String, List<Current>> byKey = new ConcurrentHashMap<>();
    private final JobQueue queue;

    CurrentJobs(JobQueue queue) {
        this.queue = queue;
    }

    Current begin(String keyId, String jobId) {
        var c = new Current(jobId);
        byKey.computeIfAbsent(keyId, k -> new CopyOnWriteArrayList<>()).add(c);
        return c;
    }

    void end(String keyId, Current c) {
        byKey.computeIfPresent(keyId, (k, list) -> {
            list.remove(c);
            return list.isEmpty() ? null : list;
        });
    }

    /** The key's current job: the earliest it still waits for. */
    Optional<Current> of(String keyId) {
        var list = byKey.get(keyId);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    /** The progress body A1111 answers: {@code progress}, {@code eta_relative}, {@code state}, {@code current_image}, {@code textinfo}. */
    ObjectNode progress(String keyId, boolean withImage) {
        ObjectNode body = Json.object();
        var current = of(keyId);
        Optional<Job> job = current.flatMap(c -> queue.get(c.jobId));
        ObjectNode state = Json.object();
        state.put("skipped", false);
        state.put("interrupted", current.map(c -> c.interrupted).orElse(false));
        state.put("stopping_generation", false);
        state.put("job", job.map(Job::id).orElse(""));
        state.put("job_count", job.isPresent() ? 1 : 0);
        state.put("job_timestamp", job.map(j -> TIMESTAMP.format(Instant.ofEpochMilli(j.createdAt()))).orElse("0"));
        state.put("job_no", 0);
        state.put("sampling_step", job.map(Job::progressStep).orElse(0));
        state.put("sampling_steps", job.map(Job::progressTotal).orElse(0));
        if (job.isEmpty()) {
            body.put("progress", 0.0).put("eta_relative", 0.0);
            body.set("state", state);
            body.putNull("current_image");
            body.putNull("textinfo");
            return body;
        }
        Job j = job.get();
        double fraction = j.progressTotal() == 0 ? 0 : Math.min(1, (double) j.progressStep() / j.progressTotal());
        double elapsed = j.startedAt() == null ? 0 : (System.currentTimeMillis() - j.startedAt()) / 1000.0;
        body.put("progress", fraction);
        body.put("eta_relative", fraction > 0 ? elapsed / fraction - elapsed : 0.0);
        body.set("state", state);
        byte[] preview = current.get().preview;
        if (withImage && preview != null) body.put("current_image", Base64.getEncoder().encodeToString(preview));
        else body.putNull("current_image");
        body.put("textinfo", j.state() == JobState.QUEUED ? "queued, position " + queue.position(j)
                : "step " + j.progressStep() + " of " + j.progressTotal());
        return body;
    }
}
