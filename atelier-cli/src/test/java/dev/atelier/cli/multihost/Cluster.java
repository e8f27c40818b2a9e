package dev.atelier.cli.multihost;

import dev.atelier.server.keys.KeyStore;
import dev.atelier.server.keys.Tier;
import dev.atelier.server.store.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A deployment across hosts of a {@link Network}: PostgreSQL ({@code db}), one API node ({@code api}: {@code serve
 * --workers 0}) and two worker nodes ({@code w1}, {@code w2}), images in the database's blob store, tiny-sd as the
 * model, leases of 2 s. The test's JVM is the client: the API's address, and the database for what only it shows
 * (lease owners, image rows). {@link #close()} stops every process and deletes every namespace.
 */
final class Cluster implements AutoCloseable {
    static final Path TINY = Path.of(System.getProperty("atelier.root")).resolve("../shared/fixtures/tiny-sd-onnx").toAbsolutePath().normalize();
    static final String LEASE = "2";
    static final String HEARTBEAT = "0.5";

    final Path dir;
    final Network net;
    PostgresHost postgres;
    Database db;
    String apiKey;
    String api;
    AtelierHost apiNode;
    AtelierHost w1;
    AtelierHost w2;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final List<AtelierHost> nodes = new ArrayList<>();
    // a test JVM stopped from outside (a build's timeout, Ctrl-C) still takes its processes and namespaces with it
    private final Thread onExit = new Thread(this::close, "multihost-cleanup");
    private boolean closed;

    Cluster() throws Exception {
        dir = Files.createTempDirectory("atelier-multihost-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // PostgreSQL runs as nobody below it
        net = new Network();
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            String dbAddress = net.addHost("db");
            String apiAddress = net.addHost("api");
            net.addHost("w1");
            net.addHost("w2");
            postgres = new PostgresHost(net, "db", dbAddress, dir.resolve("db"));
            db = Database.open(postgres.jdbc); // from the client host: migrates, as the first node would
            apiKey = new KeyStore(db).create("multihost", Tier.PARTNER, 100_000, 1_000_000, false).secret();
            Path models = Files.createDirectories(dir.resolve("models"));
            Files.createSymbolicLink(models.resolve("tiny-sd"), TINY);
            // the image classifier is off: it is not what this test is about
            Path safety = Files.writeString(dir.resolve("safety.yaml"), "images:\n  classifier: false\n");
            List<String> common = List.of("--database", postgres.jdbc, "--blob-store", "database", "--models-dir", models.toString(),
                    "--safety", safety.toString(), "--lease", LEASE, "--heartbeat", HEARTBEAT, "--shutdown-grace", "0");
            api = "http://" + apiAddress + ":8080";
            apiNode = node("api", List.of("serve", "--host", apiAddress, "--port", "8080", "--workers", "0", "--model", "tiny-sd"), common);
            w1 = node("w1", List.of("worker", "--workers", "1", "--threads", "1"), common);
            w2 = node("w2", List.of("worker", "--workers", "1", "--threads", "1"), common);
            for (AtelierHost n : nodes) n.start();
            awaitReady();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private AtelierHost node(String name, List<String> command, List<String> common) {
        var args = new ArrayList<>(command);
        args.addAll(common);
        args.addAll(List.of("--data-dir", dir.resolve(name + "-data").toString()));
        var n = new AtelierHost(net, name, dir, args);
        nodes.add(n);
        return n;
    }

    /** Waits until the API node answers {@code /readyz} with 200. */
    void awaitReady() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!apiNode.alive()) throw new AssertionError("the API node died: " + apiNode.logText());
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(api + "/readyz")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > end) throw new AssertionError("the API node is not ready after 90 s: " + apiNode.logText());
            Thread.sleep(200);
        }
    }

    /** The other worker node. */
    AtelierHost other(AtelierHost worker) {
        return worker == w1 ? w2 : w1;
    }

    /** The worker node whose worker holds this lease, or null. */
    AtelierHost holder(String leaseOwner) {
        return w1.owns(leaseOwner) ? w1 : w2.owns(leaseOwner) ? w2 : null;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (Thread.currentThread() != onExit) Runtime.getRuntime().removeShutdownHook(onExit);
        for (AtelierHost n : nodes) {
            try {
                n.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (db != null) db.close();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        net.close();
        // the database's files and binaries are large; the nodes' logs stay for a look after a failure
        try (var files = Files.walk(dir.resolve("db"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("multihost: could not delete " + dir.resolve("db") + ": " + e.getMessage());
        }
    }
}
