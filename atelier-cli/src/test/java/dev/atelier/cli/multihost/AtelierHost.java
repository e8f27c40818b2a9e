package dev.atelier.cli.multihost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Atelier process ({@code serve} or {@code worker}) on a host of the {@link Network}: the launcher's java command
 * ({@code config/jvm.options}, the CLI's main class, this test's classpath) run with {@code ip netns exec}, so its
 * only network is the host's. {@code ip netns exec} replaces itself with java, so {@link #pid()} is the JVM's, the pid
 * in the lease owners ({@code pid@host-...}) of its workers. Its output goes to a log file that is appended to over
 * restarts.
 */
final class AtelierHost implements AutoCloseable {
    final String name;
    private final Network net;
    private final List<String> args;
    final Path log;
    private Process process;

    AtelierHost(Network net, String name, Path dir, List<String> args) {
        this.net = net;
        this.name = name;
        this.args = List.copyOf(args);
        this.log = dir.resolve(name + ".log");
    }

    /** Starts (or starts again) the process. */
    AtelierHost start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running");
        String root = System.getProperty("atelier.root");
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of(root, "config", "jvm.options"), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.atelier.cli.Main"));
        cmd.addAll(args);
        Files.writeString(log, "=== start: " + String.join(" ", args) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        var pb = new ProcessBuilder(net.inside(name, cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("ATELIER_LOG", "info");
        process = pb.start();
        return this;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Whether a lease owner names one of this process's workers. */
    boolean owns(String leaseOwner) {
        return leaseOwner != null && leaseOwner.startsWith(pid() + "@");
    }

    /** {@code kill -9}: no handler runs, its leases are left to lapse. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill9();
    }
}
