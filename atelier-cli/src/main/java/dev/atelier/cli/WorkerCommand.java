package dev.atelier.cli;

import dev.atelier.server.Backend;
import dev.atelier.server.ServerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code atelier worker}: generation workers without the HTTP API, sharing a server's queue through its database
 * (PostgreSQL across machines) and its image folder.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run generation workers on a server's queue (use --database jdbc:postgresql://... across machines).")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions where;

    @Option(names = "--workers", description = "Worker threads (default: one per 4 cores).")
    Integer workers;

    @Option(names = "--threads", description = "ONNX Runtime threads per worker (default: cores / workers).")
    Integer threads;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", description = "On SIGTERM, time running jobs get to finish; "
            + "then they stop at their next step and go back to the queue (default: ${DEFAULT-VALUE}).")
    int grace = 30;
    @Mixin
    LeaseOptions leases;
    @picocli.CommandLine.Mixin
    BatchOptions batching;
    @picocli.CommandLine.Mixin
    SafetyOptions safety;

    @Override
    public Integer call() throws InterruptedException {
        if (grace < 0) throw new IllegalArgumentException("--shutdown-grace must be ≥ 0 seconds, got " + grace);
        ServerConfig c = where.config().withShutdownGrace(java.time.Duration.ofSeconds(grace));
        if (workers != null) {
            c = c.withWorkers(c.workers().withWorkers(Math.max(1, workers)));
            c = c.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers)));
        }
        if (threads != null) c = c.withThreads(threads);
        c = leases.apply(c);
        c = batching.apply(c);
        Backend backend = Backend.open(c, safety.setup(c));
        backend.workers().start();
        GracefulStop.awaitSignal(backend::close);
        return 0;
    }
}
