package dev.atelier.safety.moderation;

import java.util.Locale;

/** OpenAI's {@code moderation} request parameter: {@code auto} (the default) or {@code low} (less restrictive, where the key's tier allows it). */
public enum ModerationLevel {
    AUTO, LOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto} or {@code low}; null means auto. The error lists the valid values. */
    public static ModerationLevel lookup(String text) {
        if (text == null) return AUTO;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "low" -> LOW;
            default -> throw new IllegalArgumentException("unknown moderation level '" + text + "'; valid: auto, low");
        };
    }
}
