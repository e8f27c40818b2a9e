package dev.atelier.server.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-process delivery of job events to whoever waits on a job here (synchronous requests, SSE streams). Events
 * only reach listeners in the process whose worker ran the job; listeners therefore also poll the database for the
 * job's state (see {@code JobWaiter}), so a job finished by another process is still seen.
 */
public final class JobEvents {
    private final Map<String, List<Consumer<JobEvent>>> listeners = new ConcurrentHashMap<>();

    /** Registers {@code listener} for {@code jobId}; close the handle to stop. Listeners must be quick and not throw. */
    public AutoCloseable subscribe(String jobId, Consumer<JobEvent> listener) {
        listeners.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(jobId, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    public void publish(JobEvent event) {
        var list = listeners.get(event.jobId());
        if (list == null) return;
        for (var l : list) {
            try {
                l.accept(event);
            } catch (RuntimeException ignored) {
                // one broken listener must not stop the worker or the others
            }
        }
    }

    /** Whether anyone here listens to the job (workers skip previews nobody would see). */
    public boolean hasListeners(String jobId) {
        return listeners.containsKey(jobId);
    }
}
