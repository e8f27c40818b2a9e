package dev.atelier.server.store;

import dev.atelier.safety.moderation.Blocklist;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The operator's blocklist, in the database so that every server sharing it applies the same terms. A change bumps
 * a version row; each process re-reads the list when it sees a new version (checked at most every
 * {@code RECHECK_MILLIS}), so additions and removals apply without a restart, on every machine.
 */
public final class BlocklistStore {
    static final String VERSION = "blocklist_version";
    private static final long RECHECK_MILLIS = 1_000;
    /** The longest term, in characters. */
    public static final int MAX_TERM = dev.atelier.safety.text.BlocklistMatcher.MAX_TERM_LENGTH;

    private final Database db;
    private final Function<Collection<String>, Blocklist> matcher;
    private volatile Snapshot current = new Snapshot("", Blocklist.EMPTY, 0);

    private record Snapshot(String version, Blocklist list, long checkedAt) {
    }

    /** A listed term. */
    public record Entry(String id, String term, String addedBy, long addedAt) {
    }

    /** @param matcher builds the matcher for a set of terms (the safety module's normalising matcher) */
    public BlocklistStore(Database db, Function<Collection<String>, Blocklist> matcher) {
        this.db = db;
        this.matcher = matcher;
    }

    /** The terms in force now (re-read when another process changed them). */
    public Blocklist current() {
        Snapshot s = current;
        long now = System.currentTimeMillis();
        if (now - s.checkedAt() < RECHECK_MILLIS) return s.list();
        String version = db.withConnection(c -> version(c));
        if (version.equals(s.version())) {
            current = new Snapshot(version, s.list(), now);
            return s.list();
        }
        Blocklist fresh = matcher.apply(list().stream().map(Entry::term).toList());
        current = new Snapshot(version, fresh, now);
        return fresh;
    }

    public List<Entry> list() {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM blocklist ORDER BY added_at, id"); var rs = st.executeQuery()) {
                var out = new ArrayList<Entry>();
                while (rs.next()) out.add(new Entry(rs.getString("id"), rs.getString("term"), rs.getString("added_by"), rs.getLong("added_at")));
                return out;
            }
        });
    }

    /**
     * Adds {@code term} (trimmed; 1..{@value #MAX_TERM} characters), or returns the entry already listed for it.
     *
     * @throws IllegalArgumentException for a blank or too long term, naming it
     */
    public Entry add(String term, String addedBy) {
        String t = validate(term);
        matcher.apply(List.of(t));  // the matcher's own checks (e.g. a term with nothing left to match after normalising)
        Optional<Entry> existing = find(t);
        if (existing.isPresent()) return existing.get();
        var e = new Entry("bl_" + HexFormat.of().formatHex(randomBytes()), t, addedBy, System.currentTimeMillis());
        db.inTransaction(c -> {
            try (var st = c.prepareStatement("INSERT INTO blocklist (id, term, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (term) DO NOTHING")) {
                st.setString(1, e.id());
                st.setString(2, e.term());
                st.setString(3, e.addedBy());
                st.setLong(4, e.addedAt());
                st.executeUpdate();
            }
            return bump(c);
        });
        current = new Snapshot("", Blocklist.EMPTY, 0);
        return find(t).orElseThrow();
    }

    /** Removes the entry with this id or term; false when none matched. */
    public boolean remove(String idOrTerm) {
        boolean removed = db.inTransaction(c -> {
            try (var st = c.prepareStatement("DELETE FROM blocklist WHERE id = ? OR term = ?")) {
                st.setString(1, idOrTerm);
                st.setString(2, idOrTerm.trim());
                if (st.executeUpdate() == 0) return false;
            }
            bump(c);
            return true;
        });
        if (removed) current = new Snapshot("", Blocklist.EMPTY, 0);
        return removed;
    }

    private Optional<Entry> find(String term) {
        return list().stream().filter(e -> e.term().toLowerCase(Locale.ROOT).equals(term.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String validate(String term) {
        if (term == null || term.isBlank()) throw new IllegalArgumentException("a blocklist term must not be empty");
        String t = term.strip();
        if (t.length() > MAX_TERM) {
            throw new IllegalArgumentException("a blocklist term must be at most " + MAX_TERM + " characters, got " + t.length());
        }
        if (t.chars().anyMatch(ch -> ch < 0x20)) throw new IllegalArgumentException("a blocklist term must not contain control characters");
        return t;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static String version(Connection c) throws SQLException {
        try (var q = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            q.setString(1, VERSION);
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : "0";
            }
        }
    }

    private static int bump(Connection c) throws SQLException {
        long next = Long.parseLong(version(c)) + 1;
        try (var st = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            st.setString(1, VERSION);
            st.setString(2, Long.toString(next));
            return st.executeUpdate();
        }
    }
}
