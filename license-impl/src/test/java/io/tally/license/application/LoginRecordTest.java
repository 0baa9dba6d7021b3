package io.tally.license.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginRecordTest {

    /** The record as the failures reach it: the facts, in order. */
    static final class Written extends LicensingRecord {
        final List<Fact> facts = new ArrayList<>();

        @Override
        public void appendAlone(Fact fact) {
            facts.add(fact);
        }

        long count(int i) {
            return (Long) facts.get(i).value("count");
        }
    }

    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void ahead(Duration by) {
            now = now.plus(by);
        }
    }

    final Written written = new Written();
    final Hands clock = new Hands();
    final LoginRecord logins = new LoginRecord();

    {
        logins.record = written;
        logins.clock = clock;
    }

    @Test
    void aFailureAfterAQuietSpellIsWrittenAtOnceAndTheRestOfItsBurstAsOneEntryWithItsCount() {
        logins.failed("admin", "192.0.2.1", "page");
        assertEquals(1, written.facts.size(), "the first failure at once");
        assertEquals(EntryType.LOGIN_FAILED, written.facts.get(0).type());
        logins.tick(); // a tick between two failures of one burst must not close it
        for (int i = 0; i < 4; i++) {
            clock.ahead(Duration.ofMillis(300));
            logins.failed("admin", "192.0.2." + (i + 2), "page");
            logins.tick();
        }
        assertEquals(1, written.facts.size(), "the burst goes on: nothing written per attempt");
        clock.ahead(Duration.ofSeconds(6));
        logins.tick();
        assertEquals(2, written.facts.size(), "the burst paused: one entry");
        assertEquals(4, written.count(1));

        clock.ahead(Duration.ofSeconds(61));
        logins.tick(); // a minute quiet: the burst is over
        logins.failed("admin", "192.0.2.9", "rest");
        assertEquals(3, written.facts.size(), "a new burst's first failure, at once");
        assertEquals(1, written.count(2));
    }

    @Test
    void aSlowGuesserStillMakesOneEntryAMinute() {
        logins.failed("admin", "192.0.2.1", "page");
        for (int i = 0; i < 22; i++) { // 66 s: the counting began with the second failure, at 3 s
            clock.ahead(Duration.ofSeconds(3)); // under the 5 s pause: the burst never pauses
            logins.failed("admin", "192.0.2.1", "page");
            logins.tick();
        }
        assertEquals(2, written.facts.size(), "the first at once, then one after a minute of the burst: " + written.facts.size());
    }
}
