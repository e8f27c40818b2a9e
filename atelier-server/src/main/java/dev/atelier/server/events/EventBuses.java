package dev.atelier.server.events;

import dev.atelier.server.spi.Dialect;
import dev.atelier.server.spi.EventBus;
import dev.atelier.server.store.Database;

/** Picks the event bus for a database, once at start-up, and logs the choice. */
public final class EventBuses {
    private static final System.Logger LOG = System.getLogger(EventBuses.class.getName());

    private EventBuses() {
    }

    /** PostgreSQL's LISTEN/NOTIFY where the database is PostgreSQL, else the in-process bus. */
    public static EventBus open(Database db) {
        EventBus bus = switch (db.dialect()) {
            case Dialect.Postgres p -> PostgresEventBus.start(db);
            case Dialect.Sqlite s -> new LocalEventBus();
        };
        LOG.log(System.Logger.Level.INFO, "events: {0}", bus.describe());
        return bus;
    }
}
