package dev.atelier.server;

import dev.atelier.server.models.ModelCatalog;
import dev.atelier.server.http.HttpOptions;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.jobs.WorkerOptions;
import dev.atelier.server.spi.BlobStoreChoice;
import dev.atelier.server.spi.Dialect;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code atelier serve} can be told. Zero configuration works: SQLite and images under
 * {@code dataDir}, models under {@code modelsDir}.
 *
 * @param host             address to bind
 * @param port             TCP port, 0 for any free one
 * @param databaseUrl      JDBC URL, or null for {@code jdbc:sqlite:dataDir/atelier.db}
 * @param dataDir          the SQLite file and the images folder live here
 * @param modelsDir        installed model packages, one folder each
 * @param defaultModel     the model used when a request names none
 * @param pipelineThreads  ONNX Runtime threads per session
 * @param workers          generation workers in this process
 * @param maxQueue         queued jobs beyond which submissions get 503
 * @param maxBodyBytes     larger request bodies get 413
 * @param limits           prompt length, image side, steps and images per request
 * @param maxStreamsPerKey concurrent event streams per key
 * @param urlTtl           lifetime of signed image URLs
 * @param syncTimeout      longest a synchronous request waits for its job
 * @param shutdownGrace    time running work gets to finish on shutdown
 * @param publicUrl        base of image URLs (e.g. behind a proxy), or null for the address the server listens on
 *                         (or what a trusted proxy forwards, see {@link HttpOptions#trustedProxies})
 * @param http             timeouts of the front door and its trusted proxies
 * @param blobStore        where images live, or null for the database's own default: the local folder with SQLite,
 *                         the database with PostgreSQL (whose other processes would not see a local folder)
 */
public record ServerConfig(String host, int port, String databaseUrl, Path dataDir, Path modelsDir, String defaultModel,
                           int pipelineThreads, WorkerOptions workers, int maxQueue, long maxBodyBytes,
                           RequestLimits limits, int maxStreamsPerKey, Duration urlTtl, Duration syncTimeout,
                           Duration shutdownGrace, String publicUrl, HttpOptions http, BlobStoreChoice blobStore) {
    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        if (pipelineThreads < 1) throw new IllegalArgumentException("pipeline threads must be ≥ 1, got " + pipelineThreads);
        if (maxQueue < 1) throw new IllegalArgumentException("max queue must be ≥ 1, got " + maxQueue);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("max body must be ≥ 1024 bytes, got " + maxBodyBytes);
        if (maxStreamsPerKey < 1) throw new IllegalArgumentException("max streams per key must be ≥ 1, got " + maxStreamsPerKey);
        if (urlTtl.isNegative() || urlTtl.isZero()) throw new IllegalArgumentException("URL lifetime must be positive, got " + urlTtl);
        if (http == null) throw new IllegalArgumentException("HTTP options are required");
        if (limits == null) throw new IllegalArgumentException("request limits are required");
        if (limits.maxCount() > JobSpec.MAX_IMAGES) {
            throw new IllegalArgumentException("images per request must be at most " + JobSpec.MAX_IMAGES + " (a job's limit), got "
                    + limits.maxCount());
        }
        if (publicUrl != null && !publicUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new IllegalArgumentException("the public URL must be http(s)://HOST[:PORT][/PATH], got '" + publicUrl + "'");
        }
        if (publicUrl != null && publicUrl.endsWith("/")) publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }

    /** Defaults for a data folder and a models folder. */
    public static ServerConfig defaults(Path dataDir, Path modelsDir) {
        int cores = Runtime.getRuntime().availableProcessors();
        WorkerOptions w = WorkerOptions.defaults();
        return new ServerConfig("127.0.0.1", 8080, null, dataDir, modelsDir, ModelCatalog.DEFAULT_MODEL,
                Math.max(1, cores / w.workers()), w, 64, 1 << 20, new RequestLimits(4000, 1024, 100, JobSpec.MAX_IMAGES), 4,
                Duration.ofMinutes(60), Duration.ofMinutes(10), Duration.ofSeconds(30), null, HttpOptions.defaults(), null);
    }

    /** The blob store this configuration uses: the one asked for, else the database's default (see {@link #blobStore}). */
    public BlobStoreChoice blobStoreChoice() {
        if (blobStore != null) return blobStore;
        return Dialect.forUrl(jdbcUrl()) instanceof Dialect.Postgres ? new BlobStoreChoice.InDatabase() : new BlobStoreChoice.Local();
    }

    public String jdbcUrl() {
        return databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + dataDir.resolve("atelier.db").toAbsolutePath();
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withDatabase(String url) {
        return new ServerConfig(host, port, url, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withDefaultModel(String m) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, m, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withWorkers(WorkerOptions w) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, w, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withQueue(int q) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, q,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withThreads(int t) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, t, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withUrls(Duration ttl, String base) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, ttl, syncTimeout, shutdownGrace, base, http, blobStore);
    }

    public ServerConfig withBodyLimit(long bytes) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                bytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, blobStore);
    }

    public ServerConfig withShutdownGrace(Duration g) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, g, publicUrl, http, blobStore);
    }

    public ServerConfig withHttp(HttpOptions h) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, h, blobStore);
    }

    public ServerConfig withBlobStore(BlobStoreChoice b) {
        return new ServerConfig(host, port, databaseUrl, dataDir, modelsDir, defaultModel, pipelineThreads, workers, maxQueue,
                maxBodyBytes, limits, maxStreamsPerKey, urlTtl, syncTimeout, shutdownGrace, publicUrl, http, b);
    }
}
