package dev.atelier.server.keys;

import dev.atelier.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Creates, lists, revokes and checks API keys. Secrets are shown once, at creation; the table holds SHA-256 hashes. */
public final class KeyStore {
    private static final String SECRET_PREFIX = "sk-atelier-";
    private static final long CACHE_MILLIS = 5_000;

    private final Database db;
    private final SecureRandom random = new SecureRandom();
    // hash -> (key or null, when read); short-lived so that a revocation takes effect within seconds
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, long at) {
    }

    /** A new key with its secret, which is not stored anywhere. */
    public record Created(ApiKey key, String secret) {
    }

    public KeyStore(Database db) {
        this.db = db;
    }

    /** A preview-tier key without admin rights. */
    public Created create(String name, int ratePerMinute, int dailyQuota) {
        return create(name, Tier.PREVIEW, ratePerMinute, dailyQuota, false);
    }

    /** A key of {@code tier}; {@code admin} lets it call the admin API. */
    public Created create(String name, Tier tier, int ratePerMinute, int dailyQuota, boolean admin) {
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] idRaw = new byte[9];
        random.nextBytes(idRaw);
        String id = "key_" + HexFormat.of().formatHex(idRaw);
        var key = new ApiKey(id, name, secret.substring(0, SECRET_PREFIX.length() + 4), ratePerMinute, dailyQuota,
                System.currentTimeMillis(), null, tier.wireName(), admin);
        db.withConnection(c -> {
            try (var st = c.prepareStatement("INSERT INTO api_keys (id, name, hash, prefix, rate_per_minute, daily_quota, created_at, tier, admin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, key.id());
                st.setString(2, key.name());
                st.setString(3, hash(secret));
                st.setString(4, key.prefix());
                st.setInt(5, ratePerMinute);
                st.setInt(6, dailyQuota);
                st.setLong(7, key.createdAt());
                st.setString(8, key.tier());
                st.setInt(9, admin ? 1 : 0);
                return st.executeUpdate();
            }
        });
        return new Created(key, secret);
    }

    public List<ApiKey> list() {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM api_keys ORDER BY created_at, id"); var rs = st.executeQuery()) {
                var out = new ArrayList<ApiKey>();
                while (rs.next()) out.add(read(rs));
                return out;
            }
        });
    }

    /** Revokes the key with this id; false if there is none or it was already revoked. */
    public boolean revoke(String id) {
        cache.clear();
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                st.setLong(1, System.currentTimeMillis());
                st.setString(2, id);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** The active key whose secret this is. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 200) return Optional.empty();
        String h = hash(secret);
        long now = System.currentTimeMillis();
        Cached hit = cache.get(h);
        if (hit != null && now - hit.at() < CACHE_MILLIS) return Optional.ofNullable(hit.key());
        ApiKey key = db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL")) {
                st.setString(1, h);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? read(rs) : null;
                }
            }
        });
        if (cache.size() > 10_000) cache.clear();
        cache.put(h, new Cached(key, now));
        return Optional.ofNullable(key);
    }

    private static ApiKey read(ResultSet rs) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        Long revokedAt = rs.wasNull() ? null : revoked;
        return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"), rs.getInt("rate_per_minute"),
                rs.getInt("daily_quota"), rs.getLong("created_at"), revokedAt, rs.getString("tier"), rs.getInt("admin") == 1);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
