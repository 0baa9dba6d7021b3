package io.tally.license.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LastWritesTest {

    private static final String COUNT = "UPDATE licence_points_used SET used = ? WHERE licence_id = ?";

    @Test
    void keptUpdatesGoInFrontOfTheStatementThatCarriesThemAsDataModifyingWithQueries() {
        assertEquals("WITH last_write_0 AS (" + COUNT + "), last_write_1 AS (" + COUNT + ") UPDATE record_head SET last_seq = ? WHERE id = 1",
                LastWrites.carried(List.of(new LastWrites.Update(COUNT, 3L, "A"), new LastWrites.Update(COUNT, 1L, "B")),
                        "UPDATE record_head SET last_seq = ? WHERE id = 1"));
    }

    @Test
    void aStatementWithItsOwnWithQueriesIsContinuedAfterTheKeptUpdates() {
        assertEquals("WITH last_write_0 AS (" + COUNT + "), moved AS (UPDATE record_head SET last_seq = ? RETURNING id) INSERT INTO t SELECT ? FROM moved",
                LastWrites.carried(List.of(new LastWrites.Update(COUNT, 3L, "A")),
                        "WITH moved AS (UPDATE record_head SET last_seq = ? RETURNING id) INSERT INTO t SELECT ? FROM moved"));
    }

    @Test
    void withNothingKeptTheStatementIsSentAsItIs() {
        assertEquals("UPDATE record_head SET last_seq = ? WHERE id = 1", LastWrites.carried(List.of(), "UPDATE record_head SET last_seq = ? WHERE id = 1"));
    }
}
