package io.tally.license.transfers;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which month it is for the count (rule 4): months begin at 00:00 on their first day in the configured
 * zone, not in UTC. Starts the new month on every meter that is still in an older one.
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

    /** The months that ended, one per meter that was still in one; those meters now count the current month. */
    public List<LicenceMeter.ClosedMonth> roll(Collection<LicenceMeter> meters) {
        YearMonth now = now();
        List<LicenceMeter.ClosedMonth> closed = new ArrayList<>();
        for (LicenceMeter meter : meters) {
            if (meter.month().isBefore(now)) {
                closed.add(meter.startMonth(now));
            }
        }
        return closed;
    }
}
