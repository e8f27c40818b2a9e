package dev.atelier.safety.text;

import java.util.Locale;

/** Azure AI Content Safety's four-level severity scale: 0 safe, 2 low, 4 medium, 6 high. */
public enum Severity {
    SAFE(0), LOW(2), MEDIUM(4), HIGH(6);

    private final int level;

    Severity(int level) {
        this.level = level;
    }

    /** 0, 2, 4 or 6. */
    public int level() {
        return level;
    }

    /** Azure's word for it: {@code safe}, {@code low}, {@code medium}, {@code high}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return level >= other.level;
    }

    public static Severity max(Severity a, Severity b) {
        return a.level >= b.level ? a : b;
    }

    /** Parses {@code safe|low|medium|high} or {@code 0|2|4|6}; the error lists the valid values. */
    public static Severity lookup(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Severity s : values()) if (s.wireName().equals(t) || String.valueOf(s.level).equals(t)) return s;
        throw new IllegalArgumentException("unknown severity '" + text + "'; valid: safe (0), low (2), medium (4), high (6)");
    }
}
