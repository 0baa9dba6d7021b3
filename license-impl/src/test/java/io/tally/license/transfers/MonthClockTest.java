package io.tally.license.transfers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MonthClockTest {

    static final ZoneId SOFIA = ZoneId.of("Europe/Sofia"); // UTC+2 in winter

    @Test
    void monthBeginsAtMidnightOfTheFirstDayInTheConfiguredZone() {
        assertEquals(YearMonth.of(2026, 11), at("2026-11-30T21:59:59Z", SOFIA).now());
        assertEquals(YearMonth.of(2026, 12), at("2026-11-30T22:00:00Z", SOFIA).now(), "00:00 on 1 December in Sofia");
        assertEquals(YearMonth.of(2026, 11), at("2026-11-30T22:00:00Z", ZoneOffset.UTC).now(), "still November in UTC");
    }

    private static MonthClock at(String instant, ZoneId zone) {
        return new MonthClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), zone);
    }
}
