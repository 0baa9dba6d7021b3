package io.tally.license.application;

import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.statements.StatementStore;
import io.tally.license.time.ClockGuard;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * At start, the months that ended while Tally was down get what a running Tally gives a month at its end: the
 * month-closed entry with its final count, the signed statement, and the platform's event. So does a month whose
 * close or statement a stop cut short. The months looked at run from the one before Tally was last seen running
 * (the clock guard writes that time once a minute) up to the last one; a licence takes part in a month it was
 * installed before the month ended, or counted in (removed since or not).
 */
@ApplicationScoped
public class MissedMonths {

    private static final Logger LOG = Logger.getLogger(MissedMonths.class.getName());

    @Inject
    ClockGuard clockGuard;

    @Inject
    TransferMeters meters;

    @Inject
    StatementStore statements;

    /** Queues the missed closes for the first flush; returns how many. */
    public int closeAtStart(List<InstalledLicence> installed) {
        Optional<Instant> lastSeen = clockGuard.seenBeforeStart();
        if (lastSeen.isEmpty()) {
            return 0; // a new database: no month has passed here
        }
        List<YearMonth> ended = meters.endedSince(lastSeen.get());
        if (ended.isEmpty()) {
            return 0; // the clock was turned back: the clock guard says so, and no month has ended since
        }
        Map<String, Map<YearMonth, Boolean>> stored = meters.storedSince(ended.get(0));
        Map<String, Set<YearMonth>> written = statements.writtenSince(ended.get(0));
        int late = 0;
        for (InstalledLicence licence : installed) {
            late += closeLate(licence.id(), licence.uploadedAt(), ended, stored, written);
        }
        // a licence removed after counting in a month takes part in it too, as a running Tally keeps its meter to the month's end
        Set<String> installedIds = installed.stream().map(InstalledLicence::id).collect(java.util.stream.Collectors.toSet());
        for (String removed : stored.keySet()) {
            if (!installedIds.contains(removed)) {
                late += closeLate(removed, null, ended, stored, written);
            }
        }
        if (late > 0) {
            LOG.info(late + " licence months ended while Tally was down (last seen running at " + lastSeen.get()
                    + ") or were not closed to the end; they are closed now, each with its record entries and statement.");
        }
        return late;
    }

    /** Queues the licence's ended months it took part in and that are not closed with their statement; {@code uploadedAt} null: removed. */
    private int closeLate(String licenceId, Instant uploadedAt, List<YearMonth> ended, Map<String, Map<YearMonth, Boolean>> stored,
                          Map<String, Set<YearMonth>> written) {
        Map<YearMonth, Boolean> months = stored.getOrDefault(licenceId, Map.of());
        Set<YearMonth> statemented = written.getOrDefault(licenceId, Set.of());
        int late = 0;
        for (YearMonth month : ended) {
            boolean takesPart = months.containsKey(month) || uploadedAt != null && uploadedAt.isBefore(meters.startOf(month.plusMonths(1)));
            boolean done = months.getOrDefault(month, false) && statemented.contains(month);
            if (takesPart && !done) {
                meters.closeLate(licenceId, month);
                late++;
            }
        }
        return late;
    }
}
