package dev.atelier.server;

import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.server.events.EventBuses;
import dev.atelier.server.jobs.JobEvents;
import dev.atelier.server.jobs.JobQueue;
import dev.atelier.server.jobs.WorkerPool;
import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.spi.BlobStore;
import dev.atelier.server.spi.EventBus;
import dev.atelier.server.safety.SafeguardSetup;
import dev.atelier.server.safety.SafetyServices;
import dev.atelier.server.spi.Safeguards;
import dev.atelier.server.store.BlobStores;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.PrivateFiles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * What a server and a worker process share: the database (migrated), the blob store, the models, the queue, the
 * event bus between processes and the workers. The storage, database and event backends are chosen here, once, and
 * logged.
 */
public final class Backend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Backend.class.getName());

    final ServerConfig config;
    final Database db;
    final ImageStore images;
    final ModelCatalog models;
    final JobQueue queue;
    final EventBus bus;
    final JobEvents events;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final WorkerPool workers;
    final Safeguards safeguards;
    final SafetyServices safety;

    private Backend(ServerConfig config, Database db, BlobStore blobs, SafeguardSetup setup) {
        this.safety = setup.open(db, metrics);
        this.safeguards = safety.safeguards();
        LOG.log(System.Logger.Level.INFO, "safeguards: {0}", safeguards.describe());
        this.config = config;
        this.db = db;
        this.images = new ImageStore(db, blobs);
        var options = PipelineOptions.defaults();
        this.models = new ModelCatalog(config.modelsDir(), config.defaultModel(),
                new PipelineOptions(options.provider(), config.pipelineThreads(), options.cacheSize()));
        this.queue = new JobQueue(db);
        this.bus = EventBuses.open(db);
        this.events = new JobEvents(queue, bus, blobs);
        this.workers = new WorkerPool(queue, models, images, events, config.workers(), safeguards.image(), metrics);
        Gauge.builder("atelier_queue_depth", queue, q -> {
            try {
                return q.depth();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("jobs waiting for a worker").register(metrics);
        Gauge.builder("atelier_queue_oldest_age_seconds", queue, q -> {
            try {
                return q.oldestQueuedAgeSeconds();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("how long the oldest queued job has waited: add workers when it grows").register(metrics);
    }

    /** Opens the data folder (rwx------), the database and storage, without safeguards; workers are not started yet. */
    public static Backend open(ServerConfig config) {
        return open(config, SafeguardSetup.none());
    }

    /** Opens the data folder (rwx------), the database and storage; every job passes the safeguards {@code setup} opens. */
    public static Backend open(ServerConfig config, SafeguardSetup setup) {
        try {
            PrivateFiles.directory(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir() + ": " + e.getMessage(), e);
        }
        Database db = Database.open(config.jdbcUrl());
        try {
            BlobStore blobs = BlobStores.open(config.blobStoreChoice(), db, config.dataDir().resolve("images"));
            LOG.log(System.Logger.Level.INFO, "storage: {0}", blobs.describe());
            LOG.log(System.Logger.Level.INFO, "models: {0} (default {1})", config.modelsDir(), config.defaultModel());
            return new Backend(config, db, blobs, setup);
        } catch (IOException e) {
            db.close();
            throw new UncheckedIOException("cannot open the blob store: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Database database() {
        return db;
    }

    public ModelCatalog models() {
        return models;
    }

    public WorkerPool workers() {
        return workers;
    }

    /** Job events of this process, and through them the event bus to the others. */
    public JobEvents events() {
        return events;
    }

    public JobQueue queue() {
        return queue;
    }

    /** Stops the workers (running jobs get the grace period, then go back to the queue) and closes everything. */
    public void shutdown(Duration grace) {
        workers.shutdown(grace);
        events.close();
        bus.close();
        models.close();
        db.close();
    }

    @Override
    public void close() {
        shutdown(config.shutdownGrace());
    }
}
