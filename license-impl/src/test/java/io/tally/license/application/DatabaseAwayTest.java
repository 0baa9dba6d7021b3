package io.tally.license.application;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A start the database cannot take is told apart from one it refused: only the first is database-unavailable. */
class DatabaseAwayTest {

    @Test
    void aConnectionThatFailsOrAServerShuttingDownMeansTheDatabaseIsAway() {
        assertTrue(DatabaseAway.causes(new PersistenceException(new SQLException("refused", "08001"))));
        assertTrue(DatabaseAway.causes(new PersistenceException(new SQLException("terminating connection", "57P01"))));
        assertTrue(DatabaseAway.causes(new IllegalStateException(new ConnectException("Connection refused"))));
    }

    @Test
    void aConflictOrABadStatementIsNotAnOutage() {
        assertFalse(DatabaseAway.causes(new PersistenceException(new SQLException("deadlock", "40P01"))));
        assertFalse(DatabaseAway.causes(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseAway.causes(new PersistenceException(new SQLException("no state"))));
        assertFalse(DatabaseAway.causes(new IllegalStateException("not a database failure")));
    }
}
