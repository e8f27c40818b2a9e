package dev.atelier.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.TestDatabases;
import dev.atelier.server.spi.EventBus;
import dev.atelier.server.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes' buses on one PostgreSQL database (two pools, two listening connections, as two machines have). */
class PostgresEventBusTest {
    @TempDir
    Path dir;
    Database dbA;
    Database dbB;
    PostgresEventBus a;
    PostgresEventBus b;

    @BeforeEach
    void open() {
        String url = TestDatabases.fresh("postgresql", dir);
        dbA = Database.open(url);
        dbB = Database.open(url);
        a = PostgresEventBus.start(dbA);
        b = PostgresEventBus.start(dbB);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        dbA.close();
        dbB.close();
    }

    @Test
    void messagesReachTheOtherProcessInOrderAndNeverComeBackToTheirSender() throws Exception {
        var toA = inbox(a);
        var toB = inbox(b);
        awaitConnected(a, b);
        for (int i = 0; i < 100; i++) a.publish("progress job_1 " + i + " 100");
        var got = new ArrayList<String>();
        for (int i = 0; i < 100; i++) got.add(toB.poll(30, TimeUnit.SECONDS));
        assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "progress job_1 " + i + " 100").toList());
        // B's reply commits after A's messages: had A been sent its own, they would arrive before it
        b.publish("done");
        assertThat(toA.poll(30, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(toA).isEmpty();
    }

    @Test
    void aMessageLongerThanNotifyCarriesIsRefusedWithItsSize() {
        assertThatThrownBy(() -> a.publish("x".repeat(EventBus.MAX_MESSAGE_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + EventBus.MAX_MESSAGE_BYTES)
                .hasMessageContaining("got " + (EventBus.MAX_MESSAGE_BYTES + 1));
    }

    @Test
    void afterItsConnectionIsKilledTheBusReconnectsSaysSoAndHearsAgain() throws Exception {
        var reconnects = new AtomicInteger();
        var toA = new LinkedBlockingQueue<String>();
        a.subscribe(new EventBus.Listener() {
            @Override
            public void received(String message) {
                toA.add(message);
            }

            @Override
            public void reconnected() {
                reconnects.incrementAndGet();
            }
        });
        awaitConnected(a, b);
        int before = reconnects.get();
        // a database restart, as far as these connections can tell: every listening backend is terminated
        try (var c = dbB.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + PostgresEventBus.APPLICATION_NAME + "' AND datname = current_database()");
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reconnects.get() == before || !a.connected() || !b.connected()) {
            assertThat(System.nanoTime()).as("the bus did not reconnect").isLessThan(end);
            Thread.sleep(20);
        }
        b.publish("after");
        assertThat(toA.poll(30, TimeUnit.SECONDS)).isEqualTo("after");
    }

    static LinkedBlockingQueue<String> inbox(EventBus bus) {
        var q = new LinkedBlockingQueue<String>();
        bus.subscribe(q::add);
        return q;
    }

    static void awaitConnected(PostgresEventBus... buses) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (var bus : List.of(buses)) {
            while (!bus.connected()) {
                assertThat(System.nanoTime()).as("the bus never connected").isLessThan(end);
                Thread.sleep(10);
            }
        }
    }
}
