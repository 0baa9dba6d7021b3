package io.tally.license.records;

import java.time.Instant;

/** Which entries to read: each part optional ({@code null} for all); {@code to} is exclusive. */
public record RecordQuery(String licenceId, EntryType type, Instant from, Instant to) {

    public static final RecordQuery ALL = new RecordQuery(null, null, null, null);

    public boolean filtered() {
        return licenceId != null || type != null || from != null || to != null;
    }
}
