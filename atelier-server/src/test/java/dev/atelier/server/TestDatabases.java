package dev.atelier.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The databases every database test runs on: a SQLite file, and PostgreSQL started once per test JVM from its
 * embedded binaries (a fresh database per test).
 */
public final class TestDatabases {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** Names for parameterized tests. */
    public static Stream<String> kinds() {
        return Stream.of("sqlite", "postgresql");
    }

    /** A fresh, empty database of {@code kind}; SQLite lives in {@code dir}. */
    public static String fresh(String kind, Path dir) {
        return switch (kind) {
            case "sqlite" -> "jdbc:sqlite:" + dir.resolve("atelier-" + COUNTER.incrementAndGet() + ".db");
            case "postgresql" -> freshPostgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static synchronized String freshPostgres() {
        try {
            if (postgres == null) postgres = EmbeddedPostgres.builder().start();
            String name = "atelier_" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
