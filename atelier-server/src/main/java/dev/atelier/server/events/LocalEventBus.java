package dev.atelier.server.events;

import dev.atelier.server.spi.EventBus;

/**
 * The bus of a single node (SQLite, or one process): there is no other process to reach, so messages go nowhere.
 * Processes that share a SQLite file still see each other's jobs, through the queue's polling.
 */
public final class LocalEventBus implements EventBus {

    @Override
    public String describe() {
        return "in-process (single node; other processes are seen by polling the queue)";
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void publish(String message) {
        EventBus.checked(message);
    }

    @Override
    public AutoCloseable subscribe(Listener listener) {
        return () -> { };
    }

    @Override
    public void close() {
    }
}
