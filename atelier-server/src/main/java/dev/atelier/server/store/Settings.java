package dev.atelier.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Server-wide values kept in the database, so that every process sharing it agrees (e.g. the URL signing secret).
 * The secrets among them are read once at start: after {@link #rotate} every server process must be restarted.
 */
public final class Settings {
    /** Signs image links ({@code /v1/images/files/...?sig=}); rotating it invalidates every link minted before. */
    public static final String URL_SIGNING_SECRET = "url_signing_secret";
    /** Signs studio session cookies; rotating it makes every browser a new anonymous user. */
    public static final String SESSION_SECRET = "session_secret";
    /** The secrets {@link #rotate} accepts. */
    public static final List<String> SECRETS = List.of(URL_SIGNING_SECRET, SESSION_SECRET);

    private Settings() {
    }

    /** The value of {@code name}; the first caller stores {@code initial}, later ones read what was stored. */
    public static String getOrCreate(Database db, String name, String initial) {
        return db.withConnection(c -> {
            try (var ins = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                ins.setString(1, name);
                ins.setString(2, initial);
                ins.executeUpdate();
            }
            return read(c, name).orElseThrow();
        });
    }

    /** The value of {@code name}, if set. */
    public static Optional<String> get(Database db, String name) {
        return db.withConnection(c -> read(c, name));
    }

    /** Replaces the secret {@code name} (one of {@link #SECRETS}) with a new random one. */
    public static void rotate(Database db, String name) {
        if (!SECRETS.contains(name)) throw new IllegalArgumentException("no secret named '" + name + "'; secrets are " + SECRETS);
        String fresh = newSecret();
        db.withConnection(c -> {
            try (var st = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                st.setString(1, name);
                st.setString(2, fresh);
                return st.executeUpdate();
            }
        });
    }

    /** A random 256-bit secret, hex. */
    public static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Optional<String> read(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (var q = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            q.setString(1, name);
            try (var rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
