package dev.atelier.cli.multihost;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What the test reads from the shared database: a job's row (state, lease owner, progress), image and blob counts. */
final class Jobs {
    private Jobs() {
    }

    /** A job's row as the database has it now. */
    record Row(String state, String owner, int attempts, int step, int total) {
        boolean running() {
            return state.equals("running");
        }
    }

    static Row row(Cluster c, String id) {
        return c.db.withConnection(conn -> {
            try (var st = conn.prepareStatement("SELECT state, lease_owner, attempts, progress_step, progress_total FROM jobs WHERE id = ?")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) throw new AssertionError("no job " + id);
                    return new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5));
                }
            }
        });
    }

    /** Polls the job's row every 20 ms until {@code until} holds (at most 90 s, then fails naming {@code what}). */
    static Row await(Cluster c, String id, Predicate<Row> until, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            Row r = row(c, id);
            if (until.test(r)) return r;
            if (System.nanoTime() > end) {
                throw new AssertionError("job " + id + " not " + what + " after 90 s: " + r + "\n--- w1:\n" + tail(c.w1) + "\n--- w2:\n" + tail(c.w2));
            }
            Thread.sleep(20);
        }
    }

    private static String tail(AtelierHost h) {
        String log = h.logText();
        return log.substring(Math.max(0, log.length() - 3000));
    }

    /** The ids of the jobs queued with this {@code Idempotency-Key}. */
    static java.util.List<String> withIdempotencyKey(Cluster c, String key) {
        return c.db.withConnection(conn -> {
            try (var st = conn.prepareStatement("SELECT id FROM jobs WHERE idempotency_key = ?")) {
                st.setString(1, key);
                var ids = new java.util.ArrayList<String>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                return ids;
            }
        });
    }

    static int images(Cluster c, String id) {
        return count(c, "SELECT COUNT(*) FROM images WHERE job_id = '" + id.replace("'", "") + "'");
    }

    static int allImages(Cluster c) {
        return count(c, "SELECT COUNT(*) FROM images");
    }

    static int blobs(Cluster c) {
        return count(c, "SELECT COUNT(*) FROM blobs");
    }

    private static int count(Cluster c, String sql) {
        return c.db.withConnection(conn -> {
            try (var st = conn.createStatement(); var rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
