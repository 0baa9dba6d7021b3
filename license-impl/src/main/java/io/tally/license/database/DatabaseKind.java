package io.tally.license.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The two databases Tally runs on (server-config defines one of them as {@code jdbc/tally}): PostgreSQL, which
 * several nodes share and which gets checks and statements of its own, and H2, embedded in one node.
 */
public enum DatabaseKind {
    POSTGRESQL,
    H2;

    /** What the connection's database says it is; anything that is not PostgreSQL is taken as the embedded H2. */
    public static DatabaseKind of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product != null && product.toLowerCase(Locale.ROOT).contains("postgresql") ? POSTGRESQL : H2;
    }

    /** Whether several nodes may share it (only PostgreSQL: one process alone opens an H2 file). */
    public boolean shared() {
        return this == POSTGRESQL;
    }
}
