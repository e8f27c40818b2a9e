package dev.atelier.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atelier.server.spi.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The server's database: a connection pool, the dialect chosen from the URL (logged once), and the Flyway
 * migrations under {@code db/migration}, the same for SQLite and PostgreSQL (with {@code db/sqlite} and
 * {@code db/postgresql} for what must differ).
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /** Longest wait for a pooled connection: bounds how long a request hangs while the database is unreachable. */
    public static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(3);

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String url;

    private Database(HikariDataSource pool, Dialect dialect, String url) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
    }

    /** Opens {@code jdbcUrl} (user and password may be in the URL) and migrates it to the latest schema. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        Path file = dialect instanceof Dialect.Sqlite ? sqliteFile(jdbcUrl) : null;
        if (file != null) createPrivately(file);
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setMaximumPoolSize(dialect.poolSize());
        config.setPoolName("atelier-db");
        // while the database is down a request waits this long for a connection, then gets 503 (StoreException.unavailable)
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(2_000, CONNECTION_TIMEOUT.toMillis() - 500));
        config.setAutoCommit(true);
        if (dialect.sessionSetup() != null) config.setConnectionInitSql(dialect.sessionSetup());
        if (dialect instanceof Dialect.Sqlite) {
            // WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN, so two claimers
            // never deadlock upgrading a read lock; busy_timeout waits for the lock instead of failing.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("foreign_keys", "true");
        }
        var pool = new HikariDataSource(config);
        try {
            // db/migration is portable SQL; db/<dialect> holds a version's dialect-specific half (e.g. a bytes type)
            Flyway.configure().dataSource(pool).locations("classpath:db/migration", "classpath:db/" + dialect.name()).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        if (file != null) tightenSqlite(file);
        LOG.log(System.Logger.Level.INFO, "database: {0} at {1}", dialect.name(), redact(jdbcUrl));
        return new Database(pool, dialect, jdbcUrl);
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String url() {
        return url;
    }

    /** Runs {@code work} in one transaction, committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    // the file of a jdbc:sqlite: URL, or null for an in-memory or URI-form database
    private static Path sqliteFile(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) file = file.substring(0, q);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return null;
        return Path.of(file).toAbsolutePath();
    }

    // the folder (if missing) rwx------ and the file rw------- before SQLite opens it: SQLite gives its -wal and -shm
    // files the database file's permissions
    private static void createPrivately(Path file) {
        Path parent = file.getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) PrivateFiles.directory(parent);
            PrivateFiles.file(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the database " + file + ": " + e.getMessage());
        }
    }

    private static void tightenSqlite(Path file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                PrivateFiles.tighten(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot restrict the permissions of {0}: {1}", file, e.getMessage());
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
