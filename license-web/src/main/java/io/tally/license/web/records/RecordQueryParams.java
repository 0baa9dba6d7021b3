package io.tally.license.web.records;

import io.tally.license.records.EntryType;
import io.tally.license.records.RecordQuery;
import io.tally.license.web.problems.InvalidRequestException;
import io.tally.license.web.requests.Shown;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The record's filters as a request gives them, checked: every bad value is refused saying which and why. */
final class RecordQueryParams {

    private RecordQueryParams() {
    }

    static RecordQuery parse(String licence, String type, String from, String to) {
        if (licence != null && (licence.isBlank() || licence.length() > 64)) {
            throw new InvalidRequestException("licence must be a licence id of 1 to 64 characters.");
        }
        EntryType entryType = type == null || type.isEmpty() ? null : EntryType.ofCode(type).orElseThrow(() -> new InvalidRequestException(
                "type '" + Shown.of(type) + "' is not an entry type; the types are " + Arrays.stream(EntryType.values())
                        .map(EntryType::code).collect(Collectors.joining(", ")) + "."));
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidRequestException("from must be before to.");
        }
        return new RecordQuery(licence == null || licence.isEmpty() ? null : licence, entryType, start, end);
    }

    /** An instant ({@code 2026-11-24T10:00:00Z}) or a day ({@code 2026-11-24}, from its start in UTC). */
    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be a day (2026-11-24) or an instant (2026-11-24T10:00:00Z), not '" + Shown.of(value) + "'.");
        }
    }

    static Long cursor(String after) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        if (!after.matches("[0-9]{1,18}")) {
            throw new InvalidRequestException("after must be the cursor of a previous page (a whole number), not '" + Shown.of(after) + "'.");
        }
        return Long.parseLong(after);
    }
}
