package dev.atelier.server.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A database failure: never the client's fault, reported as a server error, or as unavailable (503) while it is down. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }

    /**
     * Whether the database could not be reached (no connection within the pool's timeout, a connection refused or
     * lost, the server shutting down) rather than refusing a statement: a client may retry shortly.
     */
    public boolean unavailable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) return true;
            // SQLSTATE class 08: connection exception; 57P01-57P03: PostgreSQL shutting down or not yet accepting
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
