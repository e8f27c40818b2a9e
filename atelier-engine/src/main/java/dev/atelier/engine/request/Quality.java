package dev.atelier.engine.request;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A quality preset: scales the model's default number of steps when the request names no steps. */
public enum Quality {
    AUTO(1.0), STANDARD(1.0), MEDIUM(1.0), LOW(0.5), HIGH(2.0), HD(2.0);

    private final double stepFactor;

    Quality(double stepFactor) {
        this.stepFactor = stepFactor;
    }

    /** The steps this preset takes for a model whose default is {@code defaultSteps}, at least 1. */
    public int steps(int defaultSteps) {
        return Math.max(1, (int) Math.round(defaultSteps * stepFactor));
    }

    /** The preset's wire name, lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a preset name (case-insensitive); the error lists the valid names. */
    public static Quality lookup(String name) {
        for (Quality q : values()) if (q.name().equalsIgnoreCase(name.trim())) return q;
        throw new InvalidRequestException(RequestField.QUALITY, "must be one of " + names() + ", got '" + name + "'");
    }

    public static String names() {
        return Arrays.stream(values()).map(Quality::wire).collect(Collectors.joining(", "));
    }
}
