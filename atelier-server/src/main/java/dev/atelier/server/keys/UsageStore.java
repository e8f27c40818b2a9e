package dev.atelier.server.keys;

import dev.atelier.server.store.Database;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Images and requests per key, end user and UTC day; the daily quota is checked against it. */
public final class UsageStore {
    private final Database db;

    public UsageStore(Database db) {
        this.db = db;
    }

    /**
     * Records {@code images} for the key if its daily quota allows them, in one transaction.
     *
     * @return true if recorded, false if they would exceed the quota
     */
    public boolean reserve(ApiKey key, String user, int images, long nowMillis) {
        String day = day(nowMillis);
        return db.inTransaction(c -> {
            // a no-op update takes the key's row lock (portable SELECT ... FOR UPDATE): reservations of one key queue up
            try (var lock = c.prepareStatement("UPDATE api_keys SET id = id WHERE id = ?")) {
                lock.setString(1, key.id());
                lock.executeUpdate();
            }
            long used;
            try (var st = c.prepareStatement("SELECT COALESCE(SUM(images), 0) FROM key_usage WHERE key_id = ? AND day = ?")) {
                st.setString(1, key.id());
                st.setString(2, day);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    used = rs.getLong(1);
                }
            }
            if (used + images > key.dailyQuota()) return false;
            add(c, key.id(), user, day, 1, images);
            return true;
        });
    }

    /** Gives back images reserved for a job that produced none (cancelled before it ran, failed, refused). */
    public void refund(String keyId, String user, int images, long reservedAtMillis) {
        db.withConnection(c -> {
            add(c, keyId, user, day(reservedAtMillis), 0, -images);
            return null;
        });
    }

    /** Images used today by the key. */
    public long usedToday(String keyId, long nowMillis) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COALESCE(SUM(images), 0) FROM key_usage WHERE key_id = ? AND day = ?")) {
                st.setString(1, keyId);
                st.setString(2, day(nowMillis));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Seconds until the next UTC day, when quotas reset. */
    public static long secondsToReset(long nowMillis) {
        long next = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC).plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return Math.max(1, (next - nowMillis + 999) / 1000);
    }

    private static void add(java.sql.Connection c, String keyId, String user, String day, int requests, int images)
            throws java.sql.SQLException {
        try (var st = c.prepareStatement("INSERT INTO key_usage (key_id, end_user, day, requests, images) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (key_id, end_user, day) DO UPDATE SET requests = key_usage.requests + excluded.requests, "
                + "images = key_usage.images + excluded.images")) {
            st.setString(1, keyId);
            st.setString(2, user == null ? "" : user);
            st.setString(3, day);
            st.setInt(4, requests);
            st.setInt(5, images);
            st.executeUpdate();
        }
    }

    static String day(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString();
    }
}
