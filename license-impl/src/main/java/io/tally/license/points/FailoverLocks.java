package io.tally.license.points;

import jakarta.persistence.PessimisticLockException;
import java.util.Set;

/**
 * The licences that sort before a changed licence (renewed, removed, expired) and that its pairs may
 * move to, locked before the changed licence's own row: licence rows are locked by id in every
 * transaction ({@link PointAllocator#lockFailoverTargetsBefore}). When the pairs move, the licences after
 * it are locked then, in order. A licence before it that was not locked ahead (one that reached memory
 * since) would be locked after it, against that order, and could wait in a circle with a start that holds
 * it and waits for the changed licence. The move fails at once as a lost race instead, and the change is
 * tried again with that licence among those locked ahead.
 */
public final class FailoverLocks {

    /** Nothing locked ahead: the changed licence was not in memory, so neither were its types. */
    public static final FailoverLocks UNKNOWN = new FailoverLocks(null, null);

    private final String licenceId;
    private final Set<String> lockedAhead;

    FailoverLocks(String licenceId, Set<String> lockedAhead) {
        this.licenceId = licenceId;
        this.lockedAhead = lockedAhead;
    }

    /** Before a move locks a licence it may move pairs to. */
    void mayLock(String targetId) {
        if (lockedAhead != null && targetId.compareTo(licenceId) < 0 && !lockedAhead.contains(targetId)) {
            throw new PessimisticLockException("licence " + targetId + " sorts before licence " + licenceId + " and was not locked before it;"
                    + " the change is tried again");
        }
    }
}
