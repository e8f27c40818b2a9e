package dev.atelier.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Who made which studio job, and the gallery query over them (newest first, optionally by prompt text). */
public final class StudioStore {
    private final Database db;

    public StudioStore(Database db) {
        this.db = db;
    }

    /** A page of job ids, and whether there are more after it. */
    public record Page(List<String> jobIds, boolean more) {
        public Page {
            jobIds = List.copyOf(jobIds);
        }
    }

    public void record(String jobId, String userId, String prompt, long createdAt) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("INSERT INTO studio_jobs (job_id, user_id, prompt_lower, created_at) VALUES (?, ?, ?, ?)")) {
                st.setString(1, jobId);
                st.setString(2, userId);
                st.setString(3, prompt.toLowerCase(Locale.ROOT));
                st.setLong(4, createdAt);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** The owner of a studio job, or empty if the job was not made in the studio. */
    public Optional<String> owner(String jobId) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT user_id FROM studio_jobs WHERE job_id = ?")) {
                st.setString(1, jobId);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The job an image belongs to, if it is a studio image. */
    public Optional<String> jobOfImage(String imageId) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT i.job_id FROM images i JOIN studio_jobs s ON s.job_id = i.job_id WHERE i.id = ?")) {
                st.setString(1, imageId);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The user's jobs, newest first, {@code size} per page from {@code page} (0-based); {@code query} (may be empty)
     * keeps those whose prompt contains it, ignoring case.
     */
    public Page gallery(String userId, String query, int page, int size) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        return db.withConnection(c -> {
            String sql = "SELECT job_id FROM studio_jobs WHERE user_id = ?" + (q.isEmpty() ? "" : " AND prompt_lower LIKE ? ESCAPE '!'")
                    + " ORDER BY created_at DESC, job_id DESC LIMIT ? OFFSET ?";
            try (var st = c.prepareStatement(sql)) {
                int p = 1;
                st.setString(p++, userId);
                if (!q.isEmpty()) st.setString(p++, "%" + q.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                st.setInt(p++, size + 1);
                st.setInt(p, page * size);
                var ids = new ArrayList<String>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                boolean more = ids.size() > size;
                return new Page(more ? ids.subList(0, size) : ids, more);
            }
        });
    }
}
