package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Walks the whole chain in the database, a page at a time, and names the first entry that does not hold. */
@ApplicationScoped
public class RecordVerification {

    @Inject
    LicensingRecord record;

    @Inject
    RecordWalk pages;

    /** The outcome: intact with its entry count, or the first broken entry and why. */
    public record Result(boolean intact, long entries, Long brokenAt, String problem) {
    }

    private volatile Checked latest;

    /** A verification's outcome and when it ran. */
    public record Checked(Result result, java.time.Instant at) {
    }

    /**
     * The latest verification when it is younger than the given age, else a new one: what the page shows
     * on every view without walking a long chain each time (its "Verify now" asks for age zero).
     */
    public Checked recent(java.time.Duration maxAge) {
        Checked known = latest;
        if (known != null && known.at().plus(maxAge).isAfter(java.time.Instant.now())) {
            return known;
        }
        verify();
        return latest;
    }

    public Result verify() {
        LicensingRecord.Head head = record.head(); // read first: entries appended during the walk lie beyond it
        Chain.Walk walk = new Chain.Walk();
        pages.inOrder(RecordQuery.ALL, 0, head.lastSeq(), walk::accept);
        walk.expectEnd(head.lastSeq(), head.lastHash());
        Result result = new Result(walk.intact(), walk.count(), walk.brokenSeq(), walk.broken());
        latest = new Checked(result, java.time.Instant.now());
        return result;
    }
}
