package dev.atelier.server.feedback;

import dev.atelier.server.store.Database;

/** Thumbs and reports on studio images: one row per image and user, kept with the image's job. */
public final class FeedbackStore {
    private final Database db;

    public FeedbackStore(Database db) {
        this.db = db;
    }

    /**
     * One user's feedback on one image.
     *
     * @param vote         1 thumbs up, -1 thumbs down, 0 none
     * @param reportReason a {@link ReportReason} wire name, or null when not reported
     * @param reportNote   free text with the report, may be empty
     */
    public record Feedback(int vote, String reportReason, String reportNote) {
        public Feedback {
            if (vote < -1 || vote > 1) throw new IllegalArgumentException("vote must be -1, 0 or 1, got " + vote);
        }

        static final Feedback NONE = new Feedback(0, null, null);
    }

    public Feedback mine(String imageId, String userId) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT vote, report_reason, report_note FROM feedback WHERE image_id = ? AND user_id = ?")) {
                st.setString(1, imageId);
                st.setString(2, userId);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? new Feedback(rs.getInt(1), rs.getString(2), rs.getString(3)) : Feedback.NONE;
                }
            }
        });
    }

    /** Sets the user's thumbs vote on the image (replacing an earlier one). */
    public Feedback vote(String imageId, String jobId, String userId, int vote) {
        Feedback old = mine(imageId, userId);
        return save(imageId, jobId, userId, new Feedback(vote, old.reportReason(), old.reportNote()));
    }

    /** Records the user's report of the image (replacing an earlier one). */
    public Feedback report(String imageId, String jobId, String userId, ReportReason reason, String note) {
        Feedback old = mine(imageId, userId);
        return save(imageId, jobId, userId, new Feedback(old.vote(), reason.wire(), note == null ? "" : note));
    }

    private Feedback save(String imageId, String jobId, String userId, Feedback f) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("INSERT INTO feedback (image_id, job_id, user_id, vote, report_reason, report_note, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (image_id, user_id) DO UPDATE SET vote = excluded.vote, "
                    + "report_reason = excluded.report_reason, report_note = excluded.report_note, updated_at = excluded.updated_at")) {
                st.setString(1, imageId);
                st.setString(2, jobId);
                st.setString(3, userId);
                st.setInt(4, f.vote());
                st.setString(5, f.reportReason());
                st.setString(6, f.reportNote());
                st.setLong(7, System.currentTimeMillis());
                st.executeUpdate();
            }
            return null;
        });
        return f;
    }
}
