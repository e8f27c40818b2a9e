package dev.atelier.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Server-wide values kept in the database, so that every process sharing it agrees (e.g. the URL signing secret). */
public final class Settings {
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
            try (var q = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                q.setString(1, name);
                try (var rs = q.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** A random 256-bit secret, hex. */
    public static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
