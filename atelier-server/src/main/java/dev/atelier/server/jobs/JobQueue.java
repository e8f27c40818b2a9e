package dev.atelier.server.jobs;

import dev.atelier.server.store.StoredImage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.store.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

/**
 * The job queue, in the database, so that any process sharing it can submit or work. Workers claim queued jobs
 * with a lease that they renew by heartbeat; a job whose lease expires goes back to the queue (or fails after
 * {@code max_attempts}). Every state change is conditional on the state (and lease owner) it expects, so a late
 * worker cannot overwrite a job that was cancelled or re-claimed. Leases are set and compared by the database's clock
 * ({@link dev.atelier.server.spi.Dialect#nowMillis}), never a process's, so machines need not agree on the time.
 */
public final class JobQueue {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public JobQueue(Database db) {
        this.db = db;
    }

    /** The submitted job, and whether this call created it (false: an earlier submission had the same idempotency key). */
    public record Submitted(Job job, boolean created) {
    }

    public Submitted submit(String keyId, String idempotencyKey, JobSpec spec, int maxAttempts) {
        String id = "job_" + HexFormat.of().formatHex(randomBytes(12));
        long now = System.currentTimeMillis();
        String specJson = toJson(spec);
        return db.inTransaction(c -> {
            if (idempotencyKey != null) {
                Optional<Job> existing = findByIdempotencyKey(c, keyId, idempotencyKey);
                if (existing.isPresent()) return new Submitted(existing.get(), false);
            }
            try (var st = c.prepareStatement("INSERT INTO jobs (id, key_id, idempotency_key, model, batch_key, spec, n, state, attempts, "
                    + "max_attempts, cancel_requested, progress_step, progress_total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, 0, 0, 0, ?)")) {
                st.setString(1, id);
                st.setString(2, keyId);
                st.setString(3, idempotencyKey);
                st.setString(4, spec.model());
                st.setString(5, spec.batchKey());
                st.setString(6, specJson);
                st.setInt(7, spec.n());
                st.setInt(8, maxAttempts);
                st.setLong(9, now);
                st.executeUpdate();
            }
            return new Submitted(find(c, id).orElseThrow(), true);
        });
    }

    public Optional<Job> get(String id) {
        return db.withConnection(c -> find(c, id));
    }

    /** Jobs waiting to be claimed. */
    public int depth() {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE state = 'queued'"); var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Seconds the oldest queued job has waited (0 when none waits): how far the workers are behind. */
    public double oldestQueuedAgeSeconds() {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT MIN(created_at) FROM jobs WHERE state = 'queued'"); var rs = st.executeQuery()) {
                rs.next();
                long oldest = rs.getLong(1);
                return rs.wasNull() ? 0.0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
            }
        });
    }

    /** Jobs of {@code keyId} that are queued or running, in every process sharing the database. */
    public int activeCount(String keyId) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE key_id = ? AND state IN ('queued', 'running')")) {
                st.setString(1, keyId);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Those of {@code ids} that are still queued or running. */
    public Set<String> activeAmong(Collection<String> ids) {
        if (ids.isEmpty()) return Set.of();
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT id FROM jobs WHERE state IN ('queued', 'running') AND id IN (" + marks + ")")) {
                int i = 1;
                for (String id : ids) st.setString(i++, id);
                var out = new HashSet<String>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    /** 1-based position among queued jobs (1 = next), or 0 if the job is not queued. */
    public int position(Job job) {
        if (job.state() != JobState.QUEUED) return 0;
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE state = 'queued' AND (created_at < ? OR (created_at = ? AND id < ?))")) {
                st.setLong(1, job.createdAt());
                st.setLong(2, job.createdAt());
                st.setString(3, job.id());
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) + 1;
                }
            }
        });
    }

    /**
     * Claims the oldest queued job and, when it can be batched, more queued jobs with the same batch key, oldest
     * first, up to {@code maxImages} images in all. Claimed jobs are running, leased to {@code worker} until now + lease.
     */
    public List<Job> claim(String worker, long leaseMillis, int maxImages) {
        long now = System.currentTimeMillis();
        String lock = db.dialect().lockSkipLocked();
        String clock = db.dialect().nowMillis();
        return db.inTransaction(c -> {
            List<String> ids = claimIds(c, "SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 1" + lock,
                    clock, worker, now, leaseMillis, null, 0);
            if (ids.isEmpty()) return List.of();
            Job first = find(c, ids.getFirst()).orElseThrow();
            String batchKey = first.spec().batchKey();
            if (batchKey != null && maxImages > first.spec().n()) {
                ids.addAll(claimCompatible(c, clock, worker, now, leaseMillis, batchKey, maxImages - first.spec().n()));
            }
            var jobs = new ArrayList<Job>();
            for (String id : ids) jobs.add(find(c, id).orElseThrow());
            return jobs;
        });
    }

    /**
     * Claims queued jobs with {@code batchKey}, oldest first, while their images fit in {@code roomImages} (a worker
     * filling its batch).
     */
    public List<Job> claimMore(String worker, long leaseMillis, String batchKey, int roomImages) {
        if (batchKey == null || roomImages < 1) return List.of();
        long now = System.currentTimeMillis();
        String clock = db.dialect().nowMillis();
        return db.inTransaction(c -> {
            var jobs = new ArrayList<Job>();
            for (String id : claimCompatible(c, clock, worker, now, leaseMillis, batchKey, roomImages)) {
                jobs.add(find(c, id).orElseThrow());
            }
            return jobs;
        });
    }

    // queued jobs with the key, oldest first, that fit in the room left; skipping one too big keeps the order fair
    // enough (it is claimed by the next worker's first claim)
    private List<String> claimCompatible(Connection c, String clock, String worker, long now, long lease, String batchKey,
                                         int room) throws SQLException {
        var picked = new ArrayList<String>();
        try (var st = c.prepareStatement("SELECT id, n FROM jobs WHERE state = 'queued' AND batch_key = ? AND n <= ? "
                + "ORDER BY created_at, id LIMIT ?" + db.dialect().lockSkipLocked())) {
            st.setString(1, batchKey);
            st.setInt(2, room);
            st.setInt(3, room);
            try (var rs = st.executeQuery()) {
                int left = room;
                while (rs.next()) {
                    int n = rs.getInt(2);
                    if (n > left) continue;
                    picked.add(rs.getString(1));
                    left -= n;
                }
            }
        }
        return claimIds(c, picked, clock, worker, now, lease);
    }

    // the lease is set by the database's clock ({@code clock}); started_at, shown to clients, by this process's
    private static List<String> claimIds(Connection c, String select, String clock, String worker, long now, long lease,
                                         String batchKey, int limit) throws SQLException {
        var ids = new ArrayList<String>();
        try (var st = c.prepareStatement(select)) {
            if (batchKey != null) {
                st.setString(1, batchKey);
                st.setInt(2, limit);
            }
            try (var rs = st.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        return claimIds(c, ids, clock, worker, now, lease);
    }

    private static List<String> claimIds(Connection c, List<String> ids, String clock, String worker, long now, long lease)
            throws SQLException {
        var claimed = new ArrayList<String>();
        try (var st = c.prepareStatement("UPDATE jobs SET state = 'running', lease_owner = ?, lease_expires_at = " + clock + " + ?, attempts = attempts + 1, "
                + "progress_step = 0, started_at = COALESCE(started_at, ?) WHERE id = ? AND state = 'queued'")) {
            for (String id : ids) {
                st.setString(1, worker);
                st.setLong(2, lease);
                st.setLong(3, now);
                st.setString(4, id);
                if (st.executeUpdate() == 1) claimed.add(id);
            }
        }
        return claimed;
    }

    /** Records the seed a worker chose for a claimed job. */
    public void setSeed(String id, String worker, long seed) {
        update("UPDATE jobs SET seed = ? WHERE id = ? AND lease_owner = ? AND state = 'running'", seed, id, worker);
    }

    /**
     * Renews the leases of {@code ids} held by {@code worker}: one statement per job by primary key, sent as one
     * batch in one transaction (one round trip, one commit), so that a heartbeat stays cheap.
     *
     * @return the ids whose cancellation was requested, or that the worker no longer holds
     */
    public Set<String> heartbeat(Collection<String> ids, String worker, long leaseMillis) {
        var ordered = List.copyOf(ids);
        String clock = db.dialect().nowMillis();
        return db.inTransaction(c -> {
            var stop = new HashSet<String>();
            try (var st = c.prepareStatement("UPDATE jobs SET lease_expires_at = " + clock + " + ? WHERE id = ? AND lease_owner = ? AND state = 'running' AND cancel_requested = 0")) {
                for (String id : ordered) {
                    st.setLong(1, leaseMillis);
                    st.setString(2, id);
                    st.setString(3, worker);
                    st.addBatch();
                }
                int[] counts = st.executeBatch();
                for (int i = 0; i < ordered.size(); i++) if (counts[i] == 0) stop.add(ordered.get(i));
            }
            return stop;
        });
    }

    public void progress(Collection<String> ids, String worker, int step, int total) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE jobs SET progress_step = ?, progress_total = ? WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
                for (String id : ids) {
                    st.setInt(1, step);
                    st.setInt(2, total);
                    st.setString(3, id);
                    st.setString(4, worker);
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    /**
     * Marks the job succeeded with its images, if the worker still holds it.
     *
     * @return false if it no longer does (cancelled, or its lease expired and another worker took it)
     */
    public boolean succeed(String id, String worker, List<StoredImage> images) {
        return succeed(id, worker, images, c -> null);
    }

    /**
     * As {@link #succeed(String, String, List)}, running {@code alongside} in the same transaction once the job is
     * known to be the worker's (the images' bytes, for a blob store in the database): all of it is committed, or none.
     */
    public boolean succeed(String id, String worker, List<StoredImage> images, Database.SqlWork<?> alongside) {
        long now = System.currentTimeMillis();
        return db.inTransaction(c -> {
            try (var st = c.prepareStatement("UPDATE jobs SET state = 'succeeded', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL, "
                    + "progress_step = progress_total WHERE id = ? AND lease_owner = ? AND state = 'running' AND cancel_requested = 0")) {
                st.setLong(1, now);
                st.setString(2, id);
                st.setString(3, worker);
                if (st.executeUpdate() == 0) return false;
            }
            try (var st = c.prepareStatement("INSERT INTO images (id, job_id, idx, seed, format, storage_key, bytes, created_at, filter_results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (StoredImage im : images) {
                    st.setString(1, im.id());
                    st.setString(2, id);
                    st.setInt(3, im.index());
                    st.setLong(4, im.seed());
                    st.setString(5, im.format());
                    st.setString(6, im.storageKey());
                    st.setLong(7, im.bytes());
                    st.setLong(8, now);
                    st.setString(9, im.filter() == null ? null : FilterCodec.write(im.filter()));
                    st.addBatch();
                }
                st.executeBatch();
            }
            alongside.run(c);
            return true;
        });
    }

    /** Fails the job for good, if the worker still holds it. */
    public boolean fail(String id, String worker, String code, String message) {
        return fail(id, worker, code, message, null);
    }

    /** Fails a job the worker holds, keeping the withheld image's filter results ({@code filter}, null for none). */
    public boolean fail(String id, String worker, String code, String message, dev.atelier.safety.moderation.FilterResults filter) {
        return update("UPDATE jobs SET state = 'failed', error_code = ?, error_message = ?, error_filter = ?, finished_at = ?, "
                + "lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND state = 'running'",
                code, message, filter == null ? null : FilterCodec.write(filter), System.currentTimeMillis(), id, worker) == 1;
    }

    /**
     * Puts a job the worker holds back in the queue; with {@code countAttempt} false the attempt is not counted
     * (the worker is shutting down, not failing).
     */
    public boolean requeue(String id, String worker, boolean countAttempt) {
        return update("UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress_step = 0, attempts = attempts - ? "
                + "WHERE id = ? AND lease_owner = ? AND state = 'running' AND cancel_requested = 0", countAttempt ? 0 : 1, id, worker) == 1;
    }

    /** Ends a job whose cancellation the worker has honoured. */
    public boolean cancelled(String id, String worker) {
        return update("UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL "
                + "WHERE id = ? AND lease_owner = ? AND state = 'running'", System.currentTimeMillis(), id, worker) == 1;
    }

    /**
     * Cancels a job of {@code keyId}: a queued job at once, a running one is flagged and its worker stops it at the
     * next step (or the reaper ends it if its lease expires). Finished jobs are left as they are.
     *
     * @return the job after the request, or empty if the key has no such job
     */
    public Optional<Job> cancel(String id, String keyId) {
        long now = System.currentTimeMillis();
        return db.inTransaction(c -> {
            Optional<Job> job = find(c, id).filter(j -> j.keyId().equals(keyId));
            if (job.isEmpty()) return job;
            try (var st = c.prepareStatement("UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND state = 'queued'")) {
                st.setLong(1, now);
                st.setString(2, id);
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'")) {
                st.setString(1, id);
                st.executeUpdate();
            }
            return find(c, id);
        });
    }

    /**
     * Returns jobs whose lease expired to the queue, or fails them after their last attempt; cancels those whose
     * cancellation was requested. Any process may run this; it is idempotent.
     *
     * @return how many jobs it changed
     */
    public int reapExpired() {
        return reapExpired(Set.of());
    }

    /**
     * As {@link #reapExpired()}, leaving alone the jobs held by {@code alive}: workers of the calling process that
     * are claiming or running right now. A pause of the whole process (a long garbage collection) stops its
     * heartbeats and its reaper alike, and when it ends the reaper may run first: the process's own jobs are late to
     * be renewed, not lost. Other processes still take them over if the pause outlasts the lease.
     */
    public int reapExpired(Collection<String> alive) {
        long now = System.currentTimeMillis();
        var owners = List.copyOf(alive);
        String expired = " WHERE state = 'running' AND lease_expires_at < " + db.dialect().nowMillis()
                + (owners.isEmpty() ? "" : " AND lease_owner NOT IN (" + String.join(", ", Collections.nCopies(owners.size(), "?")) + ")");
        String release = ", lease_owner = NULL, lease_expires_at = NULL";
        // it runs every second or so in every process: a read first, so that an idle reap takes no write lock
        boolean any = db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT 1 FROM jobs" + expired)) {
                st.setMaxRows(1);
                bindExpired(st, 1, owners);
                try (var rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!any) return 0;
        return db.inTransaction(c -> {
            int n = 0;
            for (String sql : List.of(
                    "UPDATE jobs SET state = 'cancelled', finished_at = ?" + release + expired + " AND cancel_requested = 1",
                    "UPDATE jobs SET state = 'failed', error_code = 'worker_lost', error_message = 'its worker stopped on every "
                            + "attempt allowed', finished_at = ?" + release + expired + " AND attempts >= max_attempts",
                    "UPDATE jobs SET state = 'queued', progress_step = 0" + release + expired)) {
                try (var st = c.prepareStatement(sql)) {
                    int p = 1;
                    if (!sql.contains("'queued'")) st.setLong(p++, now);
                    bindExpired(st, p, owners);
                    n += st.executeUpdate();
                }
            }
            return n;
        });
    }

    // the parameters of reapExpired's condition, from index p: the owners left alone
    private static void bindExpired(PreparedStatement st, int p, List<String> owners) throws SQLException {
        for (String o : owners) st.setString(p++, o);
    }

    /** Images of a job, in order. */
    public List<StoredImage> images(Connection c, String jobId) throws SQLException {
        try (var st = c.prepareStatement("SELECT * FROM images WHERE job_id = ? ORDER BY idx")) {
            st.setString(1, jobId);
            try (var rs = st.executeQuery()) {
                var out = new ArrayList<StoredImage>();
                while (rs.next()) {
                    out.add(new StoredImage(rs.getString("id"), rs.getInt("idx"), rs.getLong("seed"), rs.getString("format"),
                            rs.getString("storage_key"), rs.getLong("bytes"), FilterCodec.read(rs.getString("filter_results"))));
                }
                return out;
            }
        }
    }

    private Optional<Job> find(Connection c, String id) throws SQLException {
        try (var st = c.prepareStatement("SELECT * FROM jobs WHERE id = ?")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Job job = read(rs);
                return Optional.of(job.state() == JobState.SUCCEEDED ? job.withImages(images(c, id)) : job);
            }
        }
    }

    private Optional<Job> findByIdempotencyKey(Connection c, String keyId, String key) throws SQLException {
        try (var st = c.prepareStatement("SELECT id FROM jobs WHERE key_id = ? AND idempotency_key = ?")) {
            st.setString(1, keyId);
            st.setString(2, key);
            try (var rs = st.executeQuery()) {
                return rs.next() ? find(c, rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Job read(ResultSet rs) throws SQLException {
        JobSpec spec;
        try {
            spec = JSON.readValue(rs.getString("spec"), JobSpec.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("job " + rs.getString("id") + " has an unreadable spec: " + e.getOriginalMessage());
        }
        return new Job(rs.getString("id"), rs.getString("key_id"), spec, JobState.lookup(rs.getString("state")),
                rs.getInt("attempts"), rs.getInt("progress_step"), rs.getInt("progress_total"), nullableLong(rs, "seed"),
                rs.getString("error_code"), rs.getString("error_message"), rs.getLong("created_at"),
                nullableLong(rs, "started_at"), nullableLong(rs, "finished_at"), List.of(),
                FilterCodec.read(rs.getString("error_filter")));
    }

    private static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private int update(String sql, Object... args) {
        return db.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) st.setObject(i + 1, args[i]);
                return st.executeUpdate();
            }
        });
    }

    private static String toJson(JobSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
