package dev.atelier.server.events;

import dev.atelier.server.spi.EventBus;
import dev.atelier.server.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's {@code LISTEN/NOTIFY} as the bus between processes sharing the database. One dedicated connection per
 * process (outside the pool) listens on {@value #CHANNEL} and waits with pgjdbc's {@code getNotifications(timeout)};
 * if it breaks (the database restarted, the network dropped), it reconnects with backoff and tells listeners to
 * re-read what they follow. Messages are sent by one sender thread through the pool with {@code pg_notify}, in
 * order, so that a publisher (a worker's step) never waits on the network. Each message carries this process's
 * random id, which is how the listener skips its own. The listening connection uses the database's JDBC URL (with
 * its credentials) and must reach PostgreSQL itself or a session-mode pooler: a transaction-mode pooler drops LISTEN.
 */
public final class PostgresEventBus implements EventBus {
    private static final System.Logger LOG = System.getLogger(PostgresEventBus.class.getName());
    static final String CHANNEL = "atelier_events";
    /** The listener's connection's {@code application_name}, to find it in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "atelier-events";
    private static final int WAIT_MILLIS = 500;
    private static final long PING_MILLIS = 5_000;
    private static final int BACKLOG = 10_000;

    private final Database db;
    private final String origin = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> outbox = new LinkedBlockingQueue<>(BACKLOG);
    private final Thread listenThread;
    private final Thread sendThread;
    private volatile boolean closed;
    private volatile Connection listening;

    private PostgresEventBus(Database db) {
        this.db = db;
        this.listenThread = daemon("atelier-events-listen", this::listen);
        this.sendThread = daemon("atelier-events-send", this::send);
    }

    /** Starts listening (in the background: a database that is down now is retried) and sending. */
    public static PostgresEventBus start(Database db) {
        var bus = new PostgresEventBus(db);
        bus.listenThread.start();
        bus.sendThread.start();
        return bus;
    }

    @Override
    public String describe() {
        return "PostgreSQL LISTEN/NOTIFY on channel " + CHANNEL + " (process " + origin + ")";
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void publish(String message) {
        if (!outbox.offer(EventBus.checked(message))) {
            LOG.log(System.Logger.Level.WARNING, "event bus backlog full ({0} messages): message dropped", BACKLOG);
        }
    }

    @Override
    public AutoCloseable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether the listening connection is up and listeners were told so (for tests and health). */
    public boolean connected() {
        return listening != null;
    }

    private void listen() {
        long backoff = 200;
        boolean wasDown = false;
        while (!closed) {
            try (Connection c = connect()) {
                try (var st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                if (wasDown) LOG.log(System.Logger.Level.INFO, "event bus: listening again on {0}", CHANNEL);
                wasDown = false;
                backoff = 200;
                // listening already: what is sent while listeners re-read is queued on the connection, not lost
                for (Listener l : listeners) safely(l::reconnected);
                listening = c;
                receive(c);
            } catch (SQLException e) {
                listening = null;
                if (closed) return;
                if (!wasDown) LOG.log(System.Logger.Level.WARNING, "event bus: connection lost ({0}); reconnecting", e.getMessage());
                wasDown = true;
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private void receive(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.currentTimeMillis();
        String own = origin + " ";
        while (!closed) {
            PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
            if (got != null) {
                for (PGNotification n : got) {
                    String text = n.getParameter();
                    if (text.startsWith(own)) continue;
                    int space = text.indexOf(' ');
                    String message = space < 0 ? "" : text.substring(space + 1);
                    for (Listener l : listeners) safely(() -> l.received(message));
                }
            }
            // a half-open connection (a dropped network) raises nothing while idle: ask now and then
            if (System.currentTimeMillis() - lastPing >= PING_MILLIS) {
                try (var st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                lastPing = System.currentTimeMillis();
            }
        }
    }

    private Connection connect() throws SQLException {
        var props = new Properties();
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(db.url(), props);
    }

    private void send() {
        var batch = new ArrayList<String>();
        while (!closed || !outbox.isEmpty()) {
            try {
                String first = outbox.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                outbox.drainTo(batch, 255);
                notifyAll(batch);
            } catch (InterruptedException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                // the database is down: the receivers are cut off too, and re-read their jobs when it is back
                LOG.log(System.Logger.Level.WARNING, "event bus: {0} messages not sent: {1}", batch.size(), e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    // auto-commit, one round trip a message: PostgreSQL delivers in commit order, so the order holds
    private void notifyAll(List<String> batch) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String m : batch) {
                    st.setString(1, CHANNEL);
                    st.setString(2, origin + " " + m);
                    st.executeQuery().close();
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        try {
            sendThread.join(2_000);
            listenThread.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event bus listener failed: {0}", e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true)
                .uncaughtExceptionHandler((t, e) -> LOG.log(System.Logger.Level.ERROR, "uncaught in " + t.getName(), e))
                .unstarted(body);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }
}
