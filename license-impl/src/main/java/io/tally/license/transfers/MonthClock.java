package io.tally.license.transfers;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Which month it is for the count (rule 4): months begin at 00:00 on their first day in the configured
 * zone, not in UTC.
 */
public final class MonthClock {

    private final Clock clock;
    private final ZoneId zone;

    public MonthClock(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public YearMonth now() {
        return YearMonth.now(clock.withZone(zone));
    }

    /** The month an instant falls in, in this clock's zone. */
    public YearMonth monthOf(java.time.Instant instant) {
        return YearMonth.from(instant.atZone(zone));
    }

    /** The instant a month begins in this clock's zone. */
    public java.time.Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }
}
