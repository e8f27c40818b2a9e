package dev.atelier.server.arena;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A vote on a battle. For ratings, "both bad" counts as a tie (half a win each), as on LMArena. */
public enum Vote {
    A("a"), B("b"), TIE("tie"), BOTH_BAD("both_bad");

    private final String wire;

    Vote(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The left contestant's score: 1, 0 or ½. */
    public double scoreA() {
        return switch (this) {
            case A -> 1;
            case B -> 0;
            case TIE, BOTH_BAD -> 0.5;
        };
    }

    public static Vote lookup(String s) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(s)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown vote '" + s + "'; valid: " + Arrays.stream(values()).map(Vote::wire).collect(Collectors.joining(", "))));
    }
}
