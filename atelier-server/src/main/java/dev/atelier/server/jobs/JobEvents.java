package dev.atelier.server.jobs;

import dev.atelier.server.spi.BlobStore;
import dev.atelier.server.spi.EventBus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivery of job events to whoever waits on a job (synchronous requests, SSE streams), in this process and, through
 * the {@link EventBus}, in every other process sharing the database. Progress and completion cross processes as short
 * messages; previews (image bytes, too large for a message) by reference: the worker's process puts them in the blob
 * store, which the nodes share as they share images, and deletes them a while after the job ends. After the bus was
 * cut off, the state
 * of every job followed here is re-read from the queue and handed to its listeners, so that nothing sent meanwhile is
 * missed; with a bus that reaches no other process, followers poll the queue instead (see {@link #pollMillis}).
 *
 * <p>Messages: {@code progress JOB STEP TOTAL}, {@code partial JOB IMAGE INDEX KEY} (a preview, at that blob key),
 * {@code state JOB STATE} (a job ended or went back to the queue),
 * {@code work} (a job was queued: idle workers look), {@code cancel JOB} (its cancellation was recorded: the worker
 * running it stops now) and {@code recheck} (jobs changed in bulk, by the lease reaper: followers re-read theirs).
 */
public final class JobEvents implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobEvents.class.getName());
    /** How often followers re-read a job when the bus tells them about it: only to catch what the bus lost. */
    static final long SHARED_POLL_MILLIS = 15_000;
    /** How long a preview stays in the blob store after its job ends, for followers still reading it. */
    static final long PREVIEW_TTL_SECONDS = 30;

    private final Map<String, List<Consumer<JobEvent>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> work = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> cancels = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> previews = new ConcurrentHashMap<>();
    /** Keys of previews whose job ended, until they are deleted. */
    private final java.util.Set<String> ending = ConcurrentHashMap.newKeySet();
    private final JobQueue queue;
    private final EventBus bus;
    private final BlobStore blobs;
    private final ScheduledExecutorService cleaner;
    private final AutoCloseable subscription;

    /** @param blobs where previews for other processes go (the store the nodes share images through) */
    public JobEvents(JobQueue queue, EventBus bus, BlobStore blobs) {
        this.queue = queue;
        this.bus = bus;
        this.blobs = blobs;
        this.cleaner = Executors.newSingleThreadScheduledExecutor(Threads.platform("atelier-preview-cleaner", true));
        this.subscription = bus.subscribe(new EventBus.Listener() {
            @Override
            public void received(String message) {
                receive(message);
            }

            @Override
            public void reconnected() {
                resync();
            }
        });
    }

    /** Registers {@code listener} for {@code jobId}; close the handle to stop. Listeners must be quick and not throw. */
    public AutoCloseable subscribe(String jobId, Consumer<JobEvent> listener) {
        listeners.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(jobId, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Hands {@code event} to the listeners here and to those of the other processes. */
    public void publish(JobEvent event) {
        dispatch(event);
        if (!bus.shared()) return;
        switch (event) {
            case JobEvent.Progress p -> send("progress " + p.jobId() + " " + p.step() + " " + p.totalSteps());
            case JobEvent.Partial p -> sharePreview(p);
            case JobEvent.Finished f -> {
                send("state " + f.jobId() + " " + f.state().wire());
                List<String> keys = previews.remove(f.jobId());
                if (keys != null) {
                    ending.addAll(keys);
                    cleaner.schedule(() -> delete(keys), PREVIEW_TTL_SECONDS, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Whether a worker should render previews of the job: someone here follows it, or someone elsewhere may. */
    public boolean previewsWanted(String jobId) {
        return bus.shared() || hasListeners(jobId);
    }

    /** Tells idle workers of the other processes that a job was queued (those here are woken by the caller). */
    public void announceWork() {
        if (bus.shared()) send("work");
    }

    /** Runs {@code wake} when another process queued a job, or after the bus was cut off; close the handle to stop. */
    public AutoCloseable onWork(Runnable wake) {
        work.add(wake);
        return () -> work.remove(wake);
    }

    /**
     * The cancellation of {@code jobId} was just recorded: a worker running it on another node stops now (rather than
     * at its next heartbeat), and if that ended the job (it was queued), followers everywhere hear so.
     */
    public void cancelled(String jobId) {
        if (bus.shared()) send("cancel " + jobId);
        queue.get(jobId).filter(j -> j.state().terminal()).ifPresent(j -> publish(new JobEvent.Finished(jobId, j.state())));
    }

    /** Runs {@code stop} with the id of a job cancelled on another node; close the handle to stop. */
    public AutoCloseable onCancel(Consumer<String> stop) {
        cancels.add(stop);
        return () -> cancels.remove(stop);
    }

    /** Jobs changed without events (the lease reaper re-queued or ended some): followers everywhere re-read theirs. */
    public void jobsChanged() {
        resync();
        if (bus.shared()) send("recheck");
    }

    /** Whether anyone in this process listens to the job. */
    public boolean hasListeners(String jobId) {
        return listeners.containsKey(jobId);
    }

    /**
     * How often a follower should re-read its job from the queue, given the interval it would use with no bus:
     * longer where the bus reaches every process, since then the re-read only catches what the bus lost.
     */
    public long pollMillis(long requested) {
        return bus.shared() ? Math.max(requested, SHARED_POLL_MILLIS) : requested;
    }

    /** The bus, for its description and for tests. */
    public EventBus bus() {
        return bus;
    }

    private void dispatch(JobEvent event) {
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

    private void send(String message) {
        try {
            bus.publish(message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event not sent to other processes: {0}", e.getMessage());
        }
    }

    private void receive(String message) {
        String[] f = message.split(" ");
        try {
            switch (f[0]) {
                case "progress" -> {
                    if (listeners.containsKey(f[1])) dispatch(new JobEvent.Progress(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                }
                case "partial" -> {
                    if (listeners.containsKey(f[1])) {
                        blobs.get(f[4]).ifPresent(bytes -> dispatch(new JobEvent.Partial(f[1], Integer.parseInt(f[2]),
                                Integer.parseInt(f[3]), bytes)));
                    }
                }
                case "state" -> dispatch(new JobEvent.Finished(f[1], JobState.lookup(f[2])));
                case "work" -> work.forEach(Runnable::run);
                case "cancel" -> cancels.forEach(c -> c.accept(f[1]));
                case "recheck" -> resync();
                default -> LOG.log(System.Logger.Level.DEBUG, "unknown event bus message: {0}", message);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "preview not read from the blob store: {0}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unreadable event bus message ''{0}'': {1}", message, e.toString());
        }
    }

    private void sharePreview(JobEvent.Partial p) {
        String key = blobs.newKey("bin");
        try {
            blobs.put(key, p.bytes());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "preview not shared with other processes: {0}", e.getMessage());
            return;
        }
        previews.computeIfAbsent(p.jobId(), k -> new CopyOnWriteArrayList<>()).add(key);
        send("partial " + p.jobId() + " " + p.imageIndex() + " " + p.partialIndex() + " " + key);
    }

    private void delete(List<String> keys) {
        for (String key : keys) {
            try {
                blobs.delete(key);
                ending.remove(key);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "preview {0} not deleted: {1}", key, e.getMessage());
            }
        }
    }

    // messages may have been lost: tell each follower where its job stands now, and let idle workers look
    private void resync() {
        for (String id : List.copyOf(listeners.keySet())) {
            queue.get(id).ifPresent(job -> {
                if (job.state() == JobState.RUNNING) {
                    if (job.progressTotal() > 0) dispatch(new JobEvent.Progress(id, job.progressStep(), job.progressTotal()));
                } else {
                    dispatch(new JobEvent.Finished(id, job.state()));
                }
            });
        }
        work.forEach(Runnable::run);
    }

    /** Stops listening and deletes the previews this process shared, at once. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // unsubscribing cannot fail
        }
        cleaner.shutdownNow();
        var left = new ArrayList<>(ending);
        previews.values().forEach(left::addAll);
        previews.clear();
        delete(left);
    }
}
