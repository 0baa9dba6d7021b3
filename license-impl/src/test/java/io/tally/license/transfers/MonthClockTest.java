package io.tally.license.transfers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonthClockTest {

    static final ZoneId SOFIA = ZoneId.of("Europe/Sofia"); // UTC+2 in winter

    @Test
    void monthBeginsAtMidnightOfTheFirstDayInTheConfiguredZone() {
        assertEquals(YearMonth.of(2026, 11), at("2026-11-30T21:59:59Z", SOFIA).now());
        assertEquals(YearMonth.of(2026, 12), at("2026-11-30T22:00:00Z", SOFIA).now(), "00:00 on 1 December in Sofia");
        assertEquals(YearMonth.of(2026, 11), at("2026-11-30T22:00:00Z", ZoneOffset.UTC).now(), "still November in UTC");
    }

    @Test
    void rollClosesTheMonthOfEveryMeterAndCountsFromZero() {
        LicenceMeter capped = new LicenceMeter("CAPPED", 100L, 10, YearMonth.of(2026, 11), 0, false, false);
        LicenceMeter open = new LicenceMeter("OPEN", null, 10, YearMonth.of(2026, 11), 0, false, false);
        capped.add(111);
        open.add(42);

        assertEquals(List.of(), at("2026-11-30T21:59:59Z", SOFIA).roll(List.of(capped, open)), "one second before midnight");
        List<LicenceMeter.ClosedMonth> closed = at("2026-11-30T22:00:00Z", SOFIA).roll(List.of(capped, open));

        assertEquals(List.of(new LicenceMeter.ClosedMonth("CAPPED", YearMonth.of(2026, 11), 111, true, 111),
                new LicenceMeter.ClosedMonth("OPEN", YearMonth.of(2026, 11), 42, false, 42)), closed);
        assertEquals(YearMonth.of(2026, 12), capped.month());
        assertEquals(0, capped.records());
        assertEquals(LicenceMeter.Outcome.COUNTED, capped.add(1), "the cut-off licence counts again in December");
        assertTrue(at("2026-12-01T10:00:00Z", SOFIA).roll(List.of(capped, open)).isEmpty(), "December rolls once");
    }

    private static MonthClock at(String instant, ZoneId zone) {
        return new MonthClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), zone);
    }
}
