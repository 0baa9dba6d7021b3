package io.tally.license.application;

import io.tally.license.host.InstallationId;
import io.tally.license.records.Chain;
import io.tally.license.records.EntryType;
import io.tally.license.records.EntryWords;
import io.tally.license.records.LicensingRecord;
import io.tally.license.records.RecordQuery;
import io.tally.license.records.RecordWalk;
import io.tally.license.statements.StatementStore;
import io.tally.license.statements.UsageStatement;
import io.tally.license.transfers.MonthStore;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;

/**
 * Writes each licence's signed usage statement when its month closes: the final count, the cap, the
 * most points used (read from the record's point entries), the cut-off, and the last record entry of
 * the month, so a vendor can check the statement against an export of the record.
 */
@ApplicationScoped
public class MonthlyStatements {

    private static final Set<String> POINT_ENTRIES = Set.of(EntryType.POINT_TAKEN.code(), EntryType.POINT_RELEASED.code(),
            EntryType.POINT_MOVED.code());
    private static final int PAGE = 1_000;

    @Inject
    StatementStore store;

    @Inject
    LicensingRecord record;

    @Inject
    RecordWalk pages;

    @Inject
    TransferMeters meters;

    @Inject
    InstallationId installation;

    @Inject
    Clock clock;

    /** Writes the statement of a closed month, unless one exists (written before, or by another node). */
    public void write(String licenceId, YearMonth month) {
        if (store.exists(licenceId, month)) {
            return;
        }
        Instant start = meters.startOf(month);
        Instant end = meters.startOf(month.plusMonths(1));
        MonthStore.Month stored = meters.stored(licenceId, month).orElse(new MonthStore.Month(month, 0, null, false, false));
        java.util.Optional<Chain.Entry> last = record.lastBefore(end);
        Instant created = clock.instant();
        UsageStatement statement = new UsageStatement(installation.get(), licenceId, month, stored.records(), stored.cap(),
                maxPointsUsed(licenceId, start, end), stored.cutOff(), last.map(Chain.Entry::seq).orElse(0L),
                last.map(Chain.Entry::hash).orElse(Chain.GENESIS), created);
        byte[] signature = installation.sign(statement.body().getBytes(StandardCharsets.UTF_8));
        store.store(licenceId, month, statement.signedText(signature), created);
    }

    /** The most points of the licence in use at any time of the month: its level at the start, then every change. */
    long maxPointsUsed(String licenceId, Instant start, Instant end) {
        Long before = null;
        for (Chain.Entry entry : record.newestFirst(new RecordQuery(licenceId, null, null, start), null, PAGE)) {
            before = pointsUsed(entry);
            if (before != null) {
                break;
            }
        }
        long[] most = {before == null ? 0 : before};
        pages.inOrder(new RecordQuery(licenceId, null, start, end), 0, Long.MAX_VALUE, entry -> {
            Long used = pointsUsed(entry);
            if (used != null) {
                most[0] = Math.max(most[0], used);
            }
            return true;
        });
        return most[0];
    }

    private static Long pointsUsed(Chain.Entry entry) {
        if (!POINT_ENTRIES.contains(entry.type())) {
            return null;
        }
        JsonNumber used = EntryWords.details(entry).getJsonNumber("pointsUsed");
        return used == null ? null : used.longValue();
    }
}
