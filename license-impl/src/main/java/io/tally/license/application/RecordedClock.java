package io.tally.license.application;

import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.time.ClockTurned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Records the clock falling behind the latest time seen, and coming right again. */
@ApplicationScoped
public class RecordedClock {

    @Inject
    LicensingRecord record;

    void turned(@Observes ClockTurned turn) {
        record.appendAlone(Fact.of(turn.behind() ? EntryType.CLOCK_BEHIND : EntryType.CLOCK_RIGHT, null)
                .with("clock", turn.now()).with("latestSeen", turn.latestSeen()));
    }
}
