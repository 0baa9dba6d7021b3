package io.tally.license.points;

import jakarta.persistence.PessimisticLockException;
import java.util.Set;

/**
 * The rows a batch of starts locked before its first start, in the order of every transaction
 * ({@link PointAllocator#lockForStarts}). A start in the batch that finds it needs another row (a licence
 * installed, or an integration moved, after the batch took its locks) would lock it after rows that come
 * later in that order, and could wait in a circle with a renewal that holds the licence and waits for
 * the batch's integrations. It fails as a lost race instead, without waiting, and the batch is decided
 * again start by start, each taking its locks in order.
 */
public final class BatchLocks {

    /** A start alone: it takes its locks in order itself, so any row may be locked. */
    static final BatchLocks NONE = new BatchLocks(null, null, null);

    private final Set<String> licences;
    private final Set<String> pairs;
    private final Set<String> counters;

    BatchLocks(Set<String> licences, Set<String> pairs, Set<String> counters) {
        this.licences = licences;
        this.pairs = pairs;
        this.counters = counters;
    }

    void licence(String licenceId) {
        require("licence", licences, licenceId);
    }

    void pair(String pairKey) {
        require("pair", pairs, pairKey);
    }

    void counter(String licenceId) {
        require("points-in-use row of licence", counters, licenceId);
    }

    private static void require(String what, Set<String> held, String key) {
        if (held != null && !held.contains(key)) {
            throw new PessimisticLockException("the " + what + " " + key + " was not locked with the batch of starts;"
                    + " each start is decided again alone");
        }
    }
}
