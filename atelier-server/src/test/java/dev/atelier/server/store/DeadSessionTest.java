package dev.atelier.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.spi.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that stops answering in the middle of a transaction (cut off from the network, or hung) must not hold
 * its row locks for good: on PostgreSQL the server ends its session after {@link Dialect.Postgres#DEAD_SESSION_MS},
 * and a statement waiting on those locks (another process's lease reaper) goes on.
 */
class DeadSessionTest {
    @TempDir
    Path dir;

    @Test
    void aTransactionLeftOpenLosesItsLocksAndItsSession() throws Exception {
        try (var db = Database.open(TestDatabases.fresh("postgresql", dir))) {
            db.withConnection(c -> {
                try (var st = c.createStatement()) {
                    st.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
                    st.execute("INSERT INTO t VALUES (1, 0)");
                }
                return null;
            });
            try (Connection stuck = db.dataSource().getConnection()) {
                stuck.setAutoCommit(false);
                try (var st = stuck.createStatement()) {
                    st.executeUpdate("UPDATE t SET v = 1 WHERE id = 1");  // holds the row lock, then never answers again
                }
                long start = System.nanoTime();
                var waiter = CompletableFuture.supplyAsync(() -> db.withConnection(c -> {
                    try (var st = c.createStatement()) {
                        return st.executeUpdate("UPDATE t SET v = 2 WHERE id = 1");
                    }
                }));
                assertThat(waiter.get(Dialect.Postgres.DEAD_SESSION_MS * 4L, TimeUnit.MILLISECONDS)).isEqualTo(1);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .as("the waiter went on once the stuck session was ended, not before")
                        .isGreaterThanOrEqualTo(Dialect.Postgres.DEAD_SESSION_MS - 1_000L);
                assertThatThrownBy(stuck::commit).isInstanceOf(SQLException.class);
            }
            int v = db.withConnection(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT v FROM t WHERE id = 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(v).as("the stuck transaction was rolled back, the waiter's update kept").isEqualTo(2);
        }
    }
}
