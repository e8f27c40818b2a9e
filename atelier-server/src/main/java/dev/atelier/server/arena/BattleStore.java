package dev.atelier.server.arena;

import dev.atelier.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Arena battles in the database. */
public final class BattleStore {
    private final Database db;

    public BattleStore(Database db) {
        this.db = db;
    }

    public void insert(Battle b) {
        db.withConnection(c -> {
            try (var st = c.prepareStatement("INSERT INTO arena_battles (id, user_id, prompt, seed, contestant_a, contestant_b, job_a, job_b, "
                    + "vote, source, created_at, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)")) {
                st.setString(1, b.id());
                st.setString(2, b.userId());
                st.setString(3, b.prompt());
                st.setLong(4, b.seed());
                st.setString(5, b.contestantA());
                st.setString(6, b.contestantB());
                st.setString(7, b.jobA());
                st.setString(8, b.jobB());
                st.setString(9, b.source());
                st.setLong(10, b.createdAt());
                st.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Battle> find(String id) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM arena_battles WHERE id = ?")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Records the vote if the battle has none yet; false if it was already voted.
     *
     * @param address the voter's grouped client address, or null in-process
     */
    public boolean vote(String id, Vote vote, long now, String address) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE arena_battles SET vote = ?, voted_at = ?, voter_address = ? WHERE id = ? AND vote IS NULL")) {
                st.setString(1, vote.wire());
                st.setLong(2, now);
                st.setString(3, address);
                st.setString(4, id);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Notes that {@code side}'s image was sent, and once both have been, when (the later of the two first sendings). */
    public void sent(String id, char side, long now) {
        String column = switch (side) {
            case 'a' -> "sent_a";
            case 'b' -> "sent_b";
            default -> throw new IllegalArgumentException("a side is 'a' or 'b', got '" + side + "'");
        };
        db.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE arena_battles SET " + column + " = ? WHERE id = ? AND " + column + " IS NULL")) {
                st.setLong(1, now);
                st.setString(2, id);
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("UPDATE arena_battles SET shown_at = CASE WHEN sent_a > sent_b THEN sent_a ELSE sent_b END "
                    + "WHERE id = ? AND shown_at IS NULL AND sent_a IS NOT NULL AND sent_b IS NOT NULL")) {
                st.setString(1, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Votes cast from {@code address} at or after {@code since} (epoch ms), counted in the database so all processes agree. */
    public int votesFrom(String address, long since) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM arena_battles WHERE voter_address = ? AND voted_at >= ?")) {
                st.setString(1, address);
                st.setLong(2, since);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Battles started per unordered pair, keyed {@code "x\u0000y"} with x < y. */
    public Map<String, Integer> pairCounts() {
        return db.withConnection(c -> {
            var out = new HashMap<String, Integer>();
            try (var st = c.prepareStatement("SELECT contestant_a, contestant_b, COUNT(*) FROM arena_battles GROUP BY contestant_a, contestant_b");
                 var rs = st.executeQuery()) {
                while (rs.next()) out.merge(pairKey(rs.getString(1), rs.getString(2)), rs.getInt(3), Integer::sum);
            }
            return out;
        });
    }

    static String pairKey(String x, String y) {
        return x.compareTo(y) < 0 ? x + "\u0000" + y : y + "\u0000" + x;
    }

    /** Every voted battle, oldest vote first. */
    public List<Battle> voted() {
        return db.withConnection(c -> {
            var out = new ArrayList<Battle>();
            try (var st = c.prepareStatement("SELECT * FROM arena_battles WHERE vote IS NOT NULL ORDER BY voted_at, id"); var rs = st.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        });
    }

    private static Battle read(ResultSet rs) throws SQLException {
        String vote = rs.getString("vote");
        long votedAt = rs.getLong("voted_at");
        Long voted = rs.wasNull() ? null : votedAt;
        long shownAt = rs.getLong("shown_at");
        Long shown = rs.wasNull() ? null : shownAt;
        return new Battle(rs.getString("id"), rs.getString("user_id"), rs.getString("prompt"), rs.getLong("seed"),
                rs.getString("contestant_a"), rs.getString("contestant_b"), rs.getString("job_a"), rs.getString("job_b"),
                vote == null ? null : Vote.lookup(vote), rs.getString("source"), rs.getLong("created_at"), voted, shown,
                rs.getString("voter_address"));
    }
}
