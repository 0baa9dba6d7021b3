package io.tally.license.web.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the page writes instants and counts. */
final class Texts {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Texts() {
    }

    static String instant(Instant instant) {
        return instant == null ? "" : INSTANT.format(instant);
    }

    static String count(long count) {
        return String.format("%,d", count);
    }
}
