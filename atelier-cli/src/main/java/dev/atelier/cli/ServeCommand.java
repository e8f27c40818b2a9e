package dev.atelier.cli;

import dev.atelier.server.AtelierServer;
import dev.atelier.server.http.HttpOptions;
import dev.atelier.server.ServerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier serve}: the OpenAI-compatible Images API, with in-process workers; stops gracefully on Ctrl-C/SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the OpenAI-compatible Images API (docs/api.md).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions where;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, description = "Port (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", description = "Default model (default: ${DEFAULT-VALUE}).")
    String model = ModelLocator.DEFAULT_MODEL;

    @Option(names = "--workers", description = "Generation workers in this process (default: one per 4 cores; 0 = API only).")
    Integer workers;

    @Option(names = "--threads", description = "ONNX Runtime threads per worker (default: cores / workers).")
    Integer threads;

    @Option(names = "--max-queue", description = "Queued jobs before new ones get 503 (default: ${DEFAULT-VALUE}).")
    int maxQueue = 64;

    @Option(names = "--url-ttl", paramLabel = "MINUTES", description = "Lifetime of image URLs (default: ${DEFAULT-VALUE}).")
    int urlTtl = 60;

    @Option(names = "--public-url", paramLabel = "URL", description = "Base of image URLs, e.g. behind a proxy (default: the address the server listens on; "
            + "the Host header is never used).")
    String publicUrl;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", description = "Time running requests get on shutdown (default: ${DEFAULT-VALUE}).")
    int grace = 30;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", description = "Longest a client may take to send a request's "
            + "headers; then 408 and the connection is closed (default: ${DEFAULT-VALUE}).")
    int headerTimeout = 10;

    @Option(names = "--body-timeout", paramLabel = "SECONDS", description = "Longest reading one request body may take "
            + "(default: ${DEFAULT-VALUE}).")
    int bodyTimeout = 60;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Keep-alive connections without a request "
            + "for this long are closed (default: ${DEFAULT-VALUE}).")
    int idleTimeout = 300;

    @Option(names = "--trusted-proxy", paramLabel = "IP", description = "An address whose X-Forwarded-Proto/-Host are "
            + "believed for image links when --public-url is not set; repeatable (default: none).")
    java.util.List<String> trustedProxies = new java.util.ArrayList<>();

    @Option(names = "--arena", paramLabel = "FILE", description = "Arena contestants and prompts (default: ./arena.yaml if present, "
            + "else one contestant per installed model).")
    java.nio.file.Path arena;
    @Mixin
    LeaseOptions leases;
    @picocli.CommandLine.Mixin
    BatchOptions batching;
    @picocli.CommandLine.Mixin
    SafetyOptions safety;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig c = where.config().withHost(host).withPort(port).withDefaultModel(model).withQueue(maxQueue)
                .withUrls(Duration.ofMinutes(urlTtl), publicUrl).withShutdownGrace(Duration.ofSeconds(grace))
                .withHttp(new HttpOptions(Duration.ofSeconds(headerTimeout), Duration.ofSeconds(bodyTimeout),
                        Duration.ofSeconds(idleTimeout), trustedProxies));
        if (workers != null) {
            c = c.withWorkers(c.workers().withWorkers(workers));
            c = c.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers)));
        }
        if (threads != null) c = c.withThreads(threads);
        c = leases.apply(c);
        c = batching.apply(c);
        AtelierServer server = AtelierServer.start(c, ArenaCommand.studioOptions(arena), safety.setup(c));
        if (server.keys().list().stream().noneMatch(k -> k.active() && !k.name().equals("studio-internal"))) {
            System.err.println("atelier: no API keys yet; create one with: atelier keys create --name NAME");
        }
        GracefulStop.awaitSignal(server::close);
        return 0;
    }
}
