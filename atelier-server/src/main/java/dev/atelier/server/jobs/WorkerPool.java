package dev.atelier.server.jobs;

import dev.atelier.engine.image.GenerationParameters;
import dev.atelier.engine.image.ImageEncoder;
import dev.atelier.engine.image.ImageFormat;
import dev.atelier.engine.image.PngText;
import dev.atelier.engine.pipeline.GeneratedImage;
import dev.atelier.engine.request.EditInputs;
import dev.atelier.engine.upscale.UpscaleRequest;
import dev.atelier.engine.upscale.Upscaled;
import dev.atelier.engine.pipeline.BatchItem;
import dev.atelier.engine.pipeline.BatchOutcome;
import dev.atelier.engine.pipeline.CancellationToken;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.pipeline.PreviewSteps;
import dev.atelier.engine.request.Background;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;
import dev.atelier.engine.pipeline.StepEvent;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.spi.ImageCheck;
import dev.atelier.server.store.ImageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Generation workers of this process: each thread claims jobs from the {@link JobQueue} (a batch of compatible
 * ones where it can), runs them on the model's pipeline, stores the images and records the result. Leases are
 * renewed by a heartbeat; cancellations are noticed at the heartbeat, or at once when requested in this process.
 * {@link #close} stops claiming, lets running jobs finish for a grace period, then puts the rest back in the queue.
 */
public final class WorkerPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    private static final long PROGRESS_WRITE_MILLIS = 250;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final Duration SWEEP_AFTER = Duration.ofMinutes(10);

    private final JobQueue queue;
    private final ModelCatalog models;
    private final ImageStore images;
    private final JobEvents events;
    private final WorkerOptions options;
    private final ImageCheck imageCheck;
    private final String processId;
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeats;
    private final ScheduledExecutorService reaper;
    private final Set<Batch> running = ConcurrentHashMap.newKeySet();
    /** Workers of this process between a claim and the end of its run: their jobs are alive (see {@link #reap}). */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private final SecureRandom random = new SecureRandom();
    private final Counter imagesMade;
    private final Counter imagesWithheld;
    private final Timer jobLatency;
    private final io.micrometer.core.instrument.DistributionSummary batchJobs;
    private volatile boolean stopping;
    private volatile boolean abandoned;
    private long lastSweep;
    private AutoCloseable busSubscriptions = () -> { };

    /** Jobs run together, and how to stop each of them. */
    private static final class Batch {
        final List<Job> jobs;
        final String worker;
        final java.util.Map<String, CancellationToken> tokens = new ConcurrentHashMap<>();
        final Set<String> stopped = ConcurrentHashMap.newKeySet();
        volatile boolean requeue;

        Batch(List<Job> jobs, String worker) {
            this.jobs = jobs;
            this.worker = worker;
            for (Job j : jobs) tokens.put(j.id(), new CancellationToken());
        }

        List<String> ids() {
            return jobs.stream().map(Job::id).toList();
        }

        CancellationToken token(Job j) {
            return tokens.get(j.id());
        }

        /** Stops one job; the others of the batch run on. */
        void stop(String id) {
            stopped.add(id);
            CancellationToken t = tokens.get(id);
            if (t != null) t.cancel();
        }

        void stopAll() {
            jobs.forEach(j -> stop(j.id()));
        }
    }

    /** @param imageCheck run on every image before it is stored (moderation and provenance; {@link ImageCheck#NONE}) */
    public WorkerPool(JobQueue queue, ModelCatalog models, ImageStore images, JobEvents events, WorkerOptions options,
                      ImageCheck imageCheck, MeterRegistry metrics) {
        this.imageCheck = imageCheck;
        this.queue = queue;
        this.models = models;
        this.images = images;
        this.events = events;
        this.options = options;
        this.processId = ManagementFactory.getRuntimeMXBean().getName() + "-" + Long.toHexString(random.nextLong() & 0xffffff);
        // heartbeats get a thread of their own: neither a slow reap nor a long model load or step may delay them
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Threads.platform("atelier-heartbeat", true, Thread.MAX_PRIORITY));
        this.reaper = Executors.newSingleThreadScheduledExecutor(Threads.platform("atelier-reaper", true));
        this.imagesMade = Counter.builder("atelier_images_generated").description("images generated").register(metrics);
        this.imagesWithheld = Counter.builder("atelier_images_withheld").description("images withheld by the image check").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("atelier_worker_busy", running, Set::size)
                .description("this node's workers running a job now").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("atelier_workers", options, WorkerOptions::workers)
                .description("this node's worker threads").register(metrics);
        this.batchJobs = io.micrometer.core.instrument.DistributionSummary.builder("atelier_batch_jobs")
                .description("jobs handed to the engine together (those with one batch key share a denoiser batch)")
                .register(metrics);
        this.jobLatency = Timer.builder("atelier_job_latency").description("from submission to a finished job")
                .publishPercentileHistogram().register(metrics);
    }

    /**
     * Starts the worker threads, the heartbeat (renews the leases of every running batch, model loading included:
     * a batch is running from its claim) and the reaper that re-queues jobs whose lease expired.
     */
    public void start() {
        if (options.workers() > 0) {
            var onWork = events.onWork(this::wakeHere);
            var onCancel = events.onCancel(this::stopHere);
            busSubscriptions = () -> {
                onWork.close();
                onCancel.close();
            };
        }
        long beat = options.heartbeatMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        reaper.scheduleWithFixedDelay(this::reap, 0, options.reapMillis(), TimeUnit.MILLISECONDS);
        var factory = Threads.inference("atelier-worker");
        for (int i = 0; i < options.workers(); i++) {
            String name = processId + "/" + i;
            Thread t = factory.newThread(() -> loop(name));
            threads.add(t);
            t.start();
        }
        LOG.log(System.Logger.Level.INFO, "{0} workers, lease {1} ms (heartbeat every {2} ms), batches up to {3} images "
                + "gathered for up to {4} ms", options.workers(), options.leaseMillis(), beat, options.maxBatchImages(),
                options.batchWaitMillis());
    }

    /** Wakes idle workers here and, through the event bus, in the other processes: a job was just submitted here. */
    public void wake() {
        wakeHere();
        events.announceWork();
    }

    private void wakeHere() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Stops a job at once, its cancellation having just been recorded: here if it runs here, through the event bus if
     * it runs on another node (which otherwise notices at its next heartbeat); followers hear if it ended.
     */
    public void cancelLocal(String jobId) {
        stopHere(jobId);
        events.cancelled(jobId);
    }

    private void stopHere(String jobId) {
        for (Batch b : running) if (b.ids().contains(jobId)) b.stop(jobId);
    }

    private void loop(String worker) {
        while (!stopping) {
            List<Job> batch;
            busy.add(worker);
            try {
                batch = queue.claim(worker, options.leaseMillis(), options.maxBatchImages());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "claim failed: {0}", e.getMessage());
                batch = List.of();
            }
            if (batch.isEmpty()) {
                busy.remove(worker);
                synchronized (wake) {
                    if (stopping) break;
                    try {
                        wake.wait(options.pollMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            var b = new Batch(fill(batch, worker), worker);
            running.add(b);
            // a shutdown that began while this batch was being claimed or filled did not see it in `running`: it goes
            // back to the queue, uncounted, as the ones shutdown stopped do (stopping is set before running is read)
            if (stopping) {
                b.requeue = true;
                b.stopAll();
            }
            try {
                run(b);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "worker " + worker + " failed on " + b.ids(), e);
            } finally {
                running.remove(b);
                busy.remove(worker);
            }
        }
    }

    // a batchable claim waits up to the batch wait for compatible jobs (submitted here: woken; elsewhere: polled)
    private List<Job> fill(List<Job> claimed, String worker) {
        String key = claimed.getFirst().spec().batchKey();
        if (key == null || options.batchWaitMillis() == 0) return claimed;
        var jobs = new ArrayList<>(claimed);
        long deadline = System.nanoTime() + options.batchWaitMillis() * 1_000_000;
        int images = jobs.stream().mapToInt(j -> j.spec().n()).sum();
        while (images < options.maxBatchImages() && !stopping) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) break;
            synchronized (wake) {
                try {
                    wake.wait(Math.min(left, 5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                for (Job j : queue.claimMore(worker, options.leaseMillis(), key, options.maxBatchImages() - images)) {
                    jobs.add(j);
                    images += j.spec().n();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "claim failed: {0}", e.getMessage());
                break;
            }
        }
        return jobs;
    }

    // each job its own request (and seed); the engine runs those with one BatchKey as one denoiser batch, and every
    // job's result, failure or cancellation is its own
    private void run(Batch b) {
        Job first = b.jobs.getFirst();
        if (first.spec().upscale() != null) {
            upscale(b, first);
            return;
        }
        Generator generator;
        try {
            generator = models.generator(first.spec().model());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "model failed to open for " + b.ids(), e);
            for (Job j : b.jobs) retryOrFail(b, j);
            return;
        }
        var items = new ArrayList<BatchItem>();
        var jobs = new ArrayList<Job>();
        for (Job j : b.jobs) {
            JobSpec spec = j.spec();
            long seed = spec.seed() != null ? spec.seed() : RequestResolver.randomSeed();
            try {
                queue.setSeed(j.id(), b.worker, seed);
                // the spec was resolved at submission; resolving again rebuilds the scheduler and holds the job to the
                // engine's rules should the package have changed since
                var request = RequestResolver.resolve(generator.modelPackage(), ImageRequest.of(spec.prompt())
                        .negativePrompt(spec.negativePrompt()).width(spec.width()).height(spec.height()).steps(spec.steps())
                        .guidance(spec.guidance()).scheduler(spec.scheduler()).seed(seed).count(spec.n())
                        .background(spec.transparent() ? Background.TRANSPARENT : Background.OPAQUE)
                        .init(spec.edit() == null ? null : EditUploads.read(images.blobs(), spec.edit()))
                        .references(spec.edit() == null ? null : EditUploads.references(images.blobs(), spec.edit())).build(),
                        RequestLimits.engine());
                items.add(new BatchItem(request, new Progress(b, j, generator), b.token(j)));
                jobs.add(j);
            } catch (IllegalArgumentException e) {
                finish(j, queue.fail(j.id(), b.worker, "invalid_request", e.getMessage()), JobState.FAILED);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "preparing " + j.id() + " failed", e);
                retryOrFail(b, j);
            }
        }
        if (items.isEmpty()) return;
        batchJobs.record(items.size());
        List<BatchOutcome> outcomes = generator.generateBatch(items);
        if (abandoned) return;
        for (int k = 0; k < jobs.size(); k++) {
            Job j = jobs.get(k);
            switch (outcomes.get(k)) {
                case BatchOutcome.Generated g -> {
                    if (b.stopped.contains(j.id())) endStopped(b, j);
                    else store(b, j, g.result().images(), i -> i.parameters() == null ? null : i.parameters().toA1111());
                }
                case BatchOutcome.Cancelled c -> endStopped(b, j);
                case BatchOutcome.Failed f when f.error() instanceof IllegalArgumentException e ->
                        finish(j, queue.fail(j.id(), b.worker, "invalid_request", e.getMessage()), JobState.FAILED);
                case BatchOutcome.Failed f -> {
                    LOG.log(System.Logger.Level.ERROR, "generation failed for " + j.id(), f.error());
                    retryOrFail(b, j);
                }
            }
        }
    }

    private void retryOrFail(Batch b, Job j) {
        if (j.attempts() < options.maxAttempts()) finish(j, queue.requeue(j.id(), b.worker, true), JobState.QUEUED);
        else finish(j, queue.fail(j.id(), b.worker, "generation_failed", "the image could not be generated"), JobState.FAILED);
    }

    // an upscale runs alone (its spec has an edit, so no batch key): the engine's Upscaler on the stored picture
    private void upscale(Batch b, Job job) {
        JobSpec s = job.spec();
        long seed = s.seed() != null ? s.seed() : RequestResolver.randomSeed();
        queue.setSeed(job.id(), b.worker, seed);
        Upscaled up;
        String original;
        try {
            if (s.edit() == null) throw new IllegalArgumentException("the upscale has no picture");
            byte[] file = EditUploads.imageBytes(images.blobs(), s.edit());
            original = PngText.isPng(file) ? PngText.read(file, "parameters").orElse(null) : null;
            var picture = EditInputs.image(file, s.edit().name() == null ? "image" : s.edit().name());
            up = models.upscaler(s.model()).upscale(new UpscaleRequest(picture, s.upscale(), s.prompt(), s.edit().strength(),
                    seed, s.edit().name()));
        } catch (IllegalArgumentException e) {
            finish(job, queue.fail(job.id(), b.worker, "invalid_request", e.getMessage()), JobState.FAILED);
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "upscale failed for " + job.id(), e);
            if (job.attempts() < options.maxAttempts()) finish(job, queue.requeue(job.id(), b.worker, true), JobState.QUEUED);
            else finish(job, queue.fail(job.id(), b.worker, "generation_failed", "the image could not be upscaled"), JobState.FAILED);
            return;
        }
        if (abandoned) return;
        String text = up.parameters(original);
        if (b.stopped.contains(job.id())) endStopped(b, job);
        else store(b, job, List.of(new GeneratedImage(up.image(), seed, null)), g -> text);
    }

    private void store(Batch b, Job job, List<GeneratedImage> made, java.util.function.Function<GeneratedImage, String> parametersText) {
        JobSpec s = job.spec();
        ImageFormat format = ImageFormat.lookup(s.outputFormat());
        var files = new ArrayList<ImageCheck.Checked>();
        var subject = new ImageCheck.Subject(s.model(), s.blind(), s.moderation());
        try {
            for (int i = 0; i < s.n(); i++) {
                var g = made.get(i);
                // a blind (arena) image carries no parameters: its steps or sampler could name the contestant
                String parameters = s.blind() ? null : parametersText.apply(g);
                files.add(imageCheck.apply(subject, g, format,
                        img -> ImageEncoder.encode(img, format, parameters, Math.max(1, s.compression()))));
            }
        } catch (ImageCheck.Withheld e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: image withheld: {1}", job.id(), e.getMessage());
            imagesWithheld.increment();
            finish(job, queue.fail(job.id(), b.worker, "image_withheld", e.getMessage(), e.filter()), JobState.FAILED);
            return;
        } catch (RuntimeException e) {
            // the check itself broke (e.g. signing): nothing unchecked is stored
            LOG.log(System.Logger.Level.ERROR, job.id() + ": the image check failed", e);
            finish(job, queue.fail(job.id(), b.worker, "image_check_failed", "the image could not be checked and signed"), JobState.FAILED);
            return;
        }
        var staged = new ArrayList<ImageStore.Staged>();
        boolean ok;
        try {
            for (int i = 0; i < s.n(); i++) {
                staged.add(images.stage(i, made.get(i).seed(), s.outputFormat(), files.get(i).bytes(), files.get(i).filter()));
            }
            // the job's success, its image rows and (in the database store) their bytes: one transaction
            ok = queue.succeed(job.id(), b.worker, staged.stream().map(ImageStore.Staged::image).toList(), c -> {
                images.commit(c, staged);
                return null;
            });
        } catch (RuntimeException e) {
            images.discard(staged);
            LOG.log(System.Logger.Level.WARNING, "{0}: the result could not be stored ({1}); the job goes back to the queue",
                    job.id(), e.getMessage());
            // if the database is down too, the lease lapses and the reaper of whichever process sees it first requeues it
            try {
                finish(job, queue.requeue(job.id(), b.worker, true), JobState.QUEUED);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.WARNING, "{0}: not requeued now ({1}); its lease will lapse", job.id(), again.getMessage());
            }
            return;
        }
        if (!ok) {
            // cancelled, or the lease was lost and another worker holds the job: this result is discarded
            images.discard(staged);
            endStopped(b, job);
            return;
        }
        imagesMade.increment(s.n());
        finish(job, true, JobState.SUCCEEDED);
    }

    private void endStopped(Batch b, Job j) {
        if (b.requeue) finish(j, queue.requeue(j.id(), b.worker, false), JobState.QUEUED);
        else finish(j, queue.cancelled(j.id(), b.worker), JobState.CANCELLED);
    }

    private void finish(Job job, boolean changed, JobState state) {
        if (!changed) {
            // someone else changed it (cancelled while queued, re-claimed after a lost lease): tell listeners to look
            queue.get(job.id()).ifPresent(j -> events.publish(new JobEvent.Finished(j.id(), j.state())));
            return;
        }
        if (state.terminal()) jobLatency.record(Duration.ofMillis(System.currentTimeMillis() - job.createdAt()));
        events.publish(new JobEvent.Finished(job.id(), state));
    }

    /** One job's step events: progress to listeners and (throttled) to the database, previews where asked for. */
    private final class Progress implements dev.atelier.engine.pipeline.ProgressListener {
        private final Batch b;
        private final Job job;
        private final Generator generator;
        private long lastWrite;
        private int partialsSent;

        Progress(Batch b, Job job, Generator generator) {
            this.b = b;
            this.job = job;
            this.generator = generator;
        }

        @Override
        public void onStep(StepEvent e) {
            long now = System.currentTimeMillis();
            if (now - lastWrite >= PROGRESS_WRITE_MILLIS || e.step() == e.totalSteps()) {
                lastWrite = now;
                try {
                    queue.progress(List.of(job.id()), b.worker, e.step(), e.totalSteps());
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "progress not recorded: {0}", ex.getMessage());
                }
            }
            events.publish(new JobEvent.Progress(job.id(), e.step(), e.totalSteps()));
            JobSpec s = job.spec();
            TreeSet<Integer> at = PreviewSteps.of(s.partialImages(), e.totalSteps());
            if (at.contains(e.step()) && events.previewsWanted(job.id())) {
                int index = partialsSent++;
                for (int i = 0; i < s.n(); i++) {
                    int inJob = i;
                    generator.preview(e, i, s.width(), s.height()).ifPresent(img -> {
                        byte[] bytes = ImageEncoder.encode(img, ImageFormat.lookup(s.outputFormat()),
                                (GenerationParameters) null, Math.max(1, s.compression()));
                        events.publish(new JobEvent.Partial(job.id(), inJob, index, bytes));
                    });
                }
            }
        }
    }

    private void heartbeat() {
        for (Batch b : running) {
            try {
                for (String id : queue.heartbeat(b.ids(), b.worker, options.leaseMillis())) b.stop(id);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "heartbeat failed: {0}", e.getMessage());
            }
        }
    }

    // A pause of the whole process (garbage collection) stops the heartbeats and this reaper alike; when it ends this
    // reaper may run before the heartbeat. The jobs of this process's busy workers are alive, only late to be
    // renewed, so they are left to the heartbeat (or, should the pause outlast the lease, to other processes).
    private void reap() {
        sweep();
        try {
            int n = queue.reapExpired(Set.copyOf(busy));
            if (n > 0) {
                LOG.log(System.Logger.Level.INFO, "{0} jobs with expired leases re-queued or ended", n);
                wake();
                events.jobsChanged();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lease reaper failed: {0}", e.getMessage());
        }
    }

    // blobs written to an outside store whose image row never committed (a process died between the two): far older
    // than any write-then-commit gap, so a sweep never races a live worker
    private void sweep() {
        long now = System.currentTimeMillis();
        if (now - lastSweep < SWEEP_EVERY.toMillis()) return;
        lastSweep = now;
        try {
            int n = images.sweep(SWEEP_AFTER);
            if (n > 0) LOG.log(System.Logger.Level.INFO, "{0} blobs of unrecorded images deleted", n);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "blob sweep failed: {0}", e.getMessage());
        }
    }

    /**
     * Stops claiming, waits up to {@code grace} for running jobs, then stops them at their next step and puts them
     * back in the queue without counting the attempt. Returns once no worker thread is inside ONNX Runtime, so that
     * the models may be closed.
     */
    public void shutdown(Duration grace) {
        stopping = true;
        stopListening();
        wakeHere();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Batch b : running) {
            b.requeue = true;
            b.stopAll();
        }
        // A step or a model's loading cannot be interrupted inside ONNX Runtime: wait for every worker to leave it,
        // however long that takes (the heartbeat keeps its lease meanwhile). Closing the sessions under a running
        // step, or letting the JVM exit while one runs, crashes the process (SIGSEGV, exit 134); a process that must
        // not wait is killed (SIGKILL) and its jobs' leases lapse.
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (t.isAlive()) LOG.log(System.Logger.Level.INFO, "waiting for {0} to finish its step or model loading", t.getName());
            }
        }
        heartbeats.shutdownNow();
        reaper.shutdownNow();
    }

    /**
     * Stops as a crashed process would: no more heartbeats, and running jobs are left as they are in the
     * database (running, under leases that will expire). For tests of recovery.
     */
    public void abandon() {
        abandoned = true;
        stopping = true;
        heartbeats.shutdownNow();
        reaper.shutdownNow();
        stopListening();
        wakeHere();
        for (Batch b : running) b.tokens.values().forEach(CancellationToken::cancel);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopListening() {
        try {
            busSubscriptions.close();
        } catch (Exception ignored) {
            // unsubscribing cannot fail
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
