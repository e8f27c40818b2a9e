package dev.atelier.server.jobs;

import java.util.Locale;

/** Where a job is in its life: queued → running → succeeded | failed | cancelled (running may go back to queued). */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The lower-case name used in the database and the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return switch (this) {
            case QUEUED, RUNNING -> false;
            case SUCCEEDED, FAILED, CANCELLED -> true;
        };
    }

    public static JobState lookup(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
