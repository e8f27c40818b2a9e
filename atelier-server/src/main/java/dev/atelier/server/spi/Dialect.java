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

    /** SQL every new connection runs first (session settings), or null for none. */
    String sessionSetup();

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
        public String sessionSetup() { return null; }
    }

    /**
     * PostgreSQL: many claimers, on many machines, skip each other's locked rows. A process cut off from the network
     * in the middle of a transaction leaves its row locks with a server that waits for it (until TCP keepalive gives
     * up, two hours by default), and the other processes' lease reaper waits on those locks: the server ends such a
     * session after {@link #DEAD_SESSION_MS} idle in a transaction, or unanswered on the wire. Atelier's transactions
     * are a few statements in a row, never waiting on the client's work.
     */
    record Postgres() implements Dialect {
        public static final int DEAD_SESSION_MS = 10_000;

        public String name() { return "postgresql"; }
        public String lockSkipLocked() { return " FOR UPDATE SKIP LOCKED"; }
        public int poolSize() { return 16; }
        public String nowMillis() { return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"; }
        public String sessionSetup() {
            return "SELECT set_config('idle_in_transaction_session_timeout', '" + DEAD_SESSION_MS + "', false),"
                    + " set_config('tcp_user_timeout', '" + DEAD_SESSION_MS + "', false)";
        }
    }
}
