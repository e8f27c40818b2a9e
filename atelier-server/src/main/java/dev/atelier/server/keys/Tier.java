package dev.atelier.server.keys;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Preview tiers: default limits for new keys. */
public enum Tier {
    FREE(5, 50),
    PREVIEW(20, 500),
    PARTNER(120, 10_000);

    private final int ratePerMinute;
    private final int dailyQuota;

    Tier(int ratePerMinute, int dailyQuota) {
        this.ratePerMinute = ratePerMinute;
        this.dailyQuota = dailyQuota;
    }

    public int ratePerMinute() {
        return ratePerMinute;
    }

    public int dailyQuota() {
        return dailyQuota;
    }

    /** The name as keys store it and clients see it: {@code free}, {@code preview}, {@code partner}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a tier name; the error lists the valid ones. */
    public static Tier lookup(String name) {
        for (Tier t : values()) if (t.name().equalsIgnoreCase(name.trim())) return t;
        throw new IllegalArgumentException("unknown tier '" + name + "'; valid: " + Arrays.stream(values())
                .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
