package dev.atelier.server.feedback;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why an image was reported. */
public enum ReportReason {
    OFFENSIVE, UNSAFE, WRONG_PROMPT, LOW_QUALITY, COPYRIGHT, OTHER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason named {@code s}; the error lists the valid names. */
    public static ReportReason lookup(String s) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(s)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown report reason '" + s + "'; valid: " + Arrays.stream(values()).map(ReportReason::wire).collect(Collectors.joining(", "))));
    }
}
