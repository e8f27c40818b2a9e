package dev.atelier.server.spi;

/**
 * Carries short text messages to the other processes sharing the database (job progress and completion, "new work"),
 * so that a follower on one node hears about a job a worker runs on another. Delivery inside a process is the
 * caller's: a bus reaches only the <em>other</em> processes, and never hands a process its own messages back.
 *
 * <p>Messages are hints, not the truth: the job queue in the database is. A bus may drop messages while it is cut off
 * from the others; it then calls {@link Listener#reconnected} so that listeners re-read what they follow. Chosen once
 * at start-up from the database ({@code dev.atelier.server.events.EventBuses}) and logged.
 */
public interface EventBus extends AutoCloseable {

    /** The largest message, in UTF-8 bytes, that every implementation carries (PostgreSQL's NOTIFY payload limit, less room). */
    int MAX_MESSAGE_BYTES = 7_000;

    /** Short description for the start-up log. */
    String describe();

    /** Whether the bus reaches other processes at all (false: in-process only, a single node). */
    boolean shared();

    /**
     * Sends {@code message} to every other process, without blocking the caller on the network: messages from one
     * process arrive in the order it published them.
     *
     * @throws IllegalArgumentException if the message is longer than {@link #MAX_MESSAGE_BYTES}
     */
    void publish(String message);

    /** Registers {@code listener} for messages from other processes; close the handle to stop. */
    AutoCloseable subscribe(Listener listener);

    @Override
    void close();

    /** Receives messages on the bus's own thread: it must be quick and not throw. */
    interface Listener {
        void received(String message);

        /**
         * The bus was cut off and is back (or connected for the first time): messages sent meanwhile are lost, so
         * re-read the state of whatever is followed.
         */
        default void reconnected() {
        }
    }

    /** Checks a message against {@link #MAX_MESSAGE_BYTES}. */
    static String checked(String message) {
        int bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("an event bus message must be at most " + MAX_MESSAGE_BYTES + " bytes, got " + bytes);
        }
        return message;
    }
}
