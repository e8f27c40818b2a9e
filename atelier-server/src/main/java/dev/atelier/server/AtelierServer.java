package dev.atelier.server;

import dev.atelier.server.a1111.A1111Api;
import dev.atelier.server.api.FilesApi;
import dev.atelier.server.mcp.AtelierMcp;
import dev.atelier.server.service.ImageLinks;
import dev.atelier.server.service.Outcomes;
import dev.atelier.server.http.FrontDoor;
import dev.atelier.server.api.ImagesApi;
import dev.atelier.server.api.JobsApi;
import dev.atelier.server.api.ModelsApi;
import dev.atelier.server.api.ModerationsApi;
import dev.atelier.server.api.VerifyApi;
import dev.atelier.server.service.Verification;
import dev.atelier.server.service.Moderation;
import dev.atelier.server.api.OpsApi;
import dev.atelier.server.api.Results;
import dev.atelier.server.http.Router;
import dev.atelier.server.service.Generations;
import dev.atelier.server.safety.SafeguardSetup;
import dev.atelier.server.spi.Safeguards;
import dev.atelier.server.service.Submissions;
import dev.atelier.server.arena.Arena;
import dev.atelier.server.web.ArenaApi;
import dev.atelier.server.arena.ArenaConfig;
import dev.atelier.server.arena.BattleStore;
import dev.atelier.server.web.FeedbackApi;
import dev.atelier.server.feedback.FeedbackStore;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.service.StudioAdmission;
import dev.atelier.server.web.Sessions;
import dev.atelier.server.web.StaticAssets;
import dev.atelier.server.web.StudioApi;
import dev.atelier.server.store.StudioStore;
import dev.atelier.server.web.WebGuard;
import dev.atelier.server.keys.KeyStore;
import dev.atelier.server.keys.RateLimiter;
import dev.atelier.server.keys.UsageStore;
import dev.atelier.server.store.Settings;
import dev.atelier.server.store.UrlSigner;
import io.helidon.webserver.WebServer;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The Images API server: Helidon's web server ({@link FrontDoor}: virtual threads, HTTP/1.1 and h2c) in front of the
 * job queue and this process's workers. {@link #close} shuts down gracefully: no new work ({@code /readyz} 503,
 * submissions 503 {@code shutting_down}) while the listener stays open, requests in flight get the grace period, then
 * event streams end with an error event and running jobs are put back in the queue for the next start (or another
 * worker).
 */
public final class AtelierServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AtelierServer.class.getName());

    private final Backend backend;
    private final WebServer http;
    private final FrontDoor door;
    private final Router router;
    private final Submissions submissions;
    private final KeyStore keys;
    private final Arena arena;

    private AtelierServer(Backend backend, WebServer http, FrontDoor door, Router router, Submissions submissions, KeyStore keys,
                          Arena arena) {
        this.backend = backend;
        this.http = http;
        this.door = door;
        this.router = router;
        this.submissions = submissions;
        this.keys = keys;
        this.arena = arena;
    }

    /** Opens the database, starts the workers and listens, with the studio's default options. */
    public static AtelierServer start(ServerConfig config) {
        return start(config, StudioOptions.defaults());
    }

    /** Opens the database, starts the workers and listens: the Images API, the studio and the arena. */
    public static AtelierServer start(ServerConfig config, StudioOptions studio) {
        return start(config, studio, SafeguardSetup.none());
    }

    /** As {@link #start(ServerConfig, StudioOptions)}, every job passing {@code safeguards}. */
    public static AtelierServer start(ServerConfig config, StudioOptions studio, Safeguards safeguards) {
        return start(config, studio, SafeguardSetup.fixed(safeguards));
    }

    /** As {@link #start(ServerConfig, StudioOptions)}, with the safeguards (and their endpoints) that {@code setup} opens. */
    public static AtelierServer start(ServerConfig config, StudioOptions studio, SafeguardSetup setup) {
        Backend b = Backend.open(config, setup);
        try {
            var keys = new KeyStore(b.db);
            var signer = new UrlSigner(Settings.getOrCreate(b.db, Settings.URL_SIGNING_SECRET, Settings.newSecret()));
            var submissions = new Submissions(b.queue, new RateLimiter(), new UsageStore(b.db), b.workers, config.maxQueue(),
                    config.maxStreamsPerKey(), config.workers().maxAttempts());
            ApiKey internal = internalKey(b, keys);
            var admission = new StudioAdmission(submissions, b.queue, internal, studio.limits(), config.maxQueue());
            var generations = new Generations(b.models, config.limits(), b.safeguards.prompt(), submissions, admission, b.images.blobs());
            var results = new Results(b.images, signer, b.models, config.urlTtl(), config.publicUrl());
            var door = new FrontDoor(config.http(), config.publicUrl(), config.maxBodyBytes());
            var router = new Router(keys, config.maxBodyBytes(), b.metrics, door);
            var outcomes = new Outcomes(b.queue, b.events, config.syncTimeout());
            new ImagesApi(generations, submissions, outcomes, results).register(router);
            new JobsApi(generations, submissions, b.queue, b.events, results, config.syncTimeout()).register(router);
            var links = new ImageLinks(b.images, signer);
            new FilesApi(links).register(router);
            AtelierMcp.register(router, generations, outcomes, results, links, b.models);
            new ModelsApi(b.models).register(router);
            new A1111Api(generations, submissions, b.queue, b.events, b.images, b.models, config.syncTimeout()).register(router);
            new ModerationsApi(new Moderation(b.safety.moderation(), b.safety.blocklist())).register(router);
            var verification = new Verification(b.safety.verifier());
            new VerifyApi(verification).register(router);
            new OpsApi(b.db, b.metrics, () -> !submissions.closed()).register(router);
            Arena arena = web(b, config, studio, router, generations, admission, verification);

            b.workers.start();
            WebServer http;
            try {
                http = door.start(router, config.host(), config.port());
            } catch (UncheckedIOException | IllegalStateException e) {
                door.close();
                throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                        e instanceof UncheckedIOException u ? u.getCause() : new java.io.IOException(e));
            }
            // an API-only node (no workers) opens no model: ONNX sessions are for the processes that run jobs
            if (config.workers().workers() > 0) warm(b);
            LOG.log(System.Logger.Level.INFO, "listening on http://{0}:{1}", config.host(), Integer.toString(http.port()));
            return new AtelierServer(b, http, door, router, submissions, keys, arena);
        } catch (RuntimeException e) {
            b.shutdown(Duration.ZERO);
            throw e;
        }
    }

    // the studio, feedback and arena: browser users by signed cookie, jobs under an internal key nobody holds the secret of
    private static Arena web(Backend b, ServerConfig config, StudioOptions options, Router router, Generations generations,
                             StudioAdmission admission, Verification verification) {
        var guard = new WebGuard(config.publicUrl());
        var sessions = new Sessions(Settings.getOrCreate(b.db, Settings.SESSION_SECRET, Settings.newSecret()), guard.secureCookies());
        LOG.log(System.Logger.Level.INFO, "studio and arena: up to {0} jobs at once of the queue bound {1}; {2}",
                admission.jobCap(), config.maxQueue(), options.limits());
        var assets = new StaticAssets();
        var feedback = new FeedbackStore(b.db);
        var studio = new StudioApi(new StudioApi.Context(generations, admission, guard, b.queue, b.events, b.images, b.models,
                new StudioStore(b.db), feedback, sessions, assets, config.syncTimeout(), verification));
        studio.register(router);
        new FeedbackApi(feedback, sessions, studio, guard).register(router);
        ArenaConfig arenaConfig = options.arenaFile() != null ? ArenaConfig.load(options.arenaFile()) : ArenaConfig.defaults(b.models.names());
        LOG.log(System.Logger.Level.INFO, "arena: {0}", options.arenaFile() != null ? options.arenaFile() : "one contestant per installed model");
        var arena = new Arena(new BattleStore(b.db), generations, b.queue, b.images, arenaConfig, options.bootstrapSamples());
        new ArenaApi(arena, sessions, assets, guard).register(router);
        return arena;
    }

    private static ApiKey internalKey(Backend b, KeyStore keys) {
        String id = Settings.getOrCreate(b.db, "studio_key_id", "");
        var found = keys.list().stream().filter(k -> k.id().equals(id)).findFirst();
        if (found.isPresent()) return found.get();
        // the secret is dropped at once: the key exists only to own and account for studio and arena jobs
        ApiKey created = keys.create("studio-internal", 600, 100_000).key();
        b.db.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE settings SET value = ? WHERE name = 'studio_key_id'")) {
                st.setString(1, created.id());
                st.executeUpdate();
            }
            return null;
        });
        return created;
    }

    // opens the default model's sessions now rather than on the first request
    private static void warm(Backend b) {
        if (!b.models.names().contains(b.config.defaultModel())) {
            LOG.log(System.Logger.Level.WARNING, "the default model {0} is not installed in {1}", b.config.defaultModel(), b.models.dir());
            return;
        }
        // a platform thread with an inference-sized stack: opening sessions runs deep native code, which on a virtual
        // thread's carrier (1 MiB) overflowed and killed the process without a word (exit 139)
        dev.atelier.server.jobs.Threads.inference("atelier-warm").newThread(() -> {
            try {
                b.models.generator(b.config.defaultModel());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot load {0}: {1}", b.config.defaultModel(), e.getMessage());
            }
        }).start();
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return "http://" + backend.config.host() + ":" + port();
    }

    public KeyStore keys() {
        return keys;
    }

    /** The arena, for simulations in this process. */
    public Arena arena() {
        return arena;
    }

    public Backend backend() {
        return backend;
    }

    /** Stops as a crashed process would (no re-queueing, leases left to expire), for recovery tests. */
    public void crash() {
        submissions.close();
        backend.workers.abandon();
        backend.bus.close();
        http.stop();
        door.close();
        backend.models.close();
        backend.db.close();
    }

    @Override
    public void close() {
        Duration grace = backend.config.shutdownGrace();
        LOG.log(System.Logger.Level.INFO, "shutting down: finishing requests for up to {0} s", grace.toSeconds());
        submissions.close();
        // the listener stays open: /readyz says 503, submissions get 503 shutting_down, requests in flight go on
        router.drain(grace);
        http.stop();
        door.close();
        // running jobs stop at their next step and go back to the queue without counting the attempt
        backend.shutdown(Duration.ZERO);
        LOG.log(System.Logger.Level.INFO, "stopped");
    }
}
