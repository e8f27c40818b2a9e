package dev.atelier.server.spi;

import java.util.Locale;

/**
 * What differs between the databases the server runs on. Everything else is portable SQL (see the Flyway
 * migrations); the queue's claim is the one statement that needs each database's own locking.
 */
public sealed interface Dialect permits Dialect.Sqlite, Dialect.Postgres {

    /** Short name for logs. */
    String name();

    /** Suffix of the sub-select that picks queued jobs: row locks that other claimers skip, where the database has them. */
    String lockSkipLocked();

    /** Connection pool size that suits the database. */
    int poolSize();

    /**
     * SQL for the database's clock in epoch milliseconds (a {@code BIGINT}): leases are set and compared with it, so
     * that processes on machines whose clocks disagree still agree on when a lease lapses.
     */
    String nowMillis();

    /** Picks the dialect of a JDBC URL; the error lists the supported schemes. */
    static Dialect forUrl(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:")) return new Sqlite();
        if (u.startsWith("jdbc:postgresql:")) return new Postgres();
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                + "'; use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }

    /** SQLite: one writer at a time; claims run in IMMEDIATE transactions, so a plain sub-select is safe. */
    record Sqlite() implements Dialect {
        public String name() { return "sqlite"; }
        public String lockSkipLocked() { return ""; }
        public int poolSize() { return 4; }
        public String nowMillis() { return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"; }
    }

    /** PostgreSQL: many claimers, on many machines, skip each other's locked rows. */
    record Postgres() implements Dialect {
        public String name() { return "postgresql"; }
        public String lockSkipLocked() { return " FOR UPDATE SKIP LOCKED"; }
        public int poolSize() { return 16; }
        public String nowMillis() { return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"; }
    }
}
