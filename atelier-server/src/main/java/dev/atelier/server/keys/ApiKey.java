package dev.atelier.server.keys;

/**
 * An API key as stored (the secret itself is never stored, only its SHA-256).
 *
 * @param id            public identifier, {@code key_...}
 * @param name          what the owner called it
 * @param prefix        first characters of the secret, to recognise it in listings
 * @param ratePerMinute images per minute, ≥ 1
 * @param dailyQuota    images per UTC day, ≥ 1
 * @param createdAt     epoch milliseconds
 * @param revokedAt     epoch milliseconds, or null while active
 * @param tier          the preview tier's name ({@code free}, {@code preview}, {@code partner}): moderation may depend on it
 * @param admin         whether the key may call the admin API ({@code /v1/admin/*})
 */
public record ApiKey(String id, String name, String prefix, int ratePerMinute, int dailyQuota, long createdAt, Long revokedAt,
                     String tier, boolean admin) {
    /** A preview-tier key without admin rights. */
    public ApiKey(String id, String name, String prefix, int ratePerMinute, int dailyQuota, long createdAt, Long revokedAt) {
        this(id, name, prefix, ratePerMinute, dailyQuota, createdAt, revokedAt, "preview", false);
    }

    public ApiKey {
        tier = Tier.lookup(tier == null ? "preview" : tier).wireName();
        if (name == null || name.isBlank()) throw new IllegalArgumentException("key name must not be empty");
        if (name.length() > 200) throw new IllegalArgumentException("key name must be at most 200 characters, got " + name.length());
        if (ratePerMinute < 1) throw new IllegalArgumentException("rate per minute must be ≥ 1, got " + ratePerMinute);
        if (dailyQuota < 1) throw new IllegalArgumentException("daily quota must be ≥ 1, got " + dailyQuota);
    }

    public boolean active() {
        return revokedAt == null;
    }
}
