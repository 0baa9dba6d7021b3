package io.tally.license.application;

import java.sql.SQLException;

/**
 * Whether a failure means the database cannot be reached (rather than that it refused something): the
 * start or stop is then answered {@code database-unavailable}, which a client may simply try again.
 */
final class DatabaseAway {

    private DatabaseAway() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exception; the server shutting down or starting up
            }
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.SocketException
                    || cause.getClass().getName().startsWith("jakarta.resource.")) {
                return true; // no connection from the pool
            }
        }
        return false;
    }
}
