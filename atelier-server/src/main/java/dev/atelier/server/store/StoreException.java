package dev.atelier.server.store;

import java.sql.SQLException;

/** A database failure: never the client's fault, reported as a server error. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }
}
