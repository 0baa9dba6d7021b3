package io.tally.license.records;

import java.time.Instant;

/** Which entries to read: each part optional ({@code null} for all); {@code to} is exclusive. */
public record RecordQuery(String licenceId, EntryType type, Instant from, Instant to) {

    public static final RecordQuery ALL = new RecordQuery(null, null, null, null);

    public boolean filtered() {
        return licenceId != null || type != null || from != null || to != null;
    }

    /** Whether a licence or a type narrows the entries: what the record's index is read for. */
    public boolean narrowed() {
        return licenceId != null || type != null;
    }

    public boolean matches(Chain.Entry entry) {
        return (licenceId == null || licenceId.equals(entry.licenceId()))
                && (type == null || type.code().equals(entry.type()))
                && (from == null || entry.at() >= from.toEpochMilli())
                && (to == null || entry.at() < to.toEpochMilli());
    }
}
