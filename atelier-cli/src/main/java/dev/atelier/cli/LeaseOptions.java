package dev.atelier.cli;

import dev.atelier.server.ServerConfig;
import dev.atelier.server.jobs.WorkerOptions;
import picocli.CommandLine.Option;

/** How long a worker's claim on a job lasts and how often it is renewed: shared by {@code serve} and {@code worker}. */
final class LeaseOptions {
    @Option(names = "--lease", paramLabel = "SECONDS", description = "A job whose worker stops renewing its claim for this "
            + "long goes back to the queue; by the database's clock (default: 10).")
    Double lease;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", description = "How often a worker renews its claims; at most half "
            + "the lease (default: a quarter of the lease).")
    Double heartbeat;

    /** {@code c} with the lease and heartbeat asked for; an impossible pair is an error naming both options. */
    ServerConfig apply(ServerConfig c) {
        if (lease == null && heartbeat == null) return c;
        long leaseMillis = lease != null ? Math.round(lease * 1000) : c.workers().leaseMillis();
        long beat = heartbeat != null ? Math.round(heartbeat * 1000) : leaseMillis / 4;
        try {
            return c.withWorkers(c.workers().withLease(leaseMillis, beat));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lease " + leaseMillis / 1000.0 + " and --heartbeat " + beat / 1000.0
                    + ": the lease must be at least 0.3 s and the heartbeat between 0.05 s and half the lease");
        }
    }
}
