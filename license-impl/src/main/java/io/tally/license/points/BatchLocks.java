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
    static final BatchLocks NONE = new BatchLocks(null, null, null, null, null);

    private final Set<String> licences;
    private final Set<String> pairs;
    private final Set<String> counters;
    private final Set<String> absentIntegrations;
    private final Set<String> absentPairs;

    /**
     * {@code absentIntegrations} and {@code absentPairs}: the rows the batch's locking statements found
     * missing. A start need not look for them again: a row another transaction added since makes the
     * batch's insert fail on its key, and the batch is decided start by start. Each {@code null} for a start alone.
     */
    BatchLocks(Set<String> licences, Set<String> pairs, Set<String> counters, Set<String> absentIntegrations, Set<String> absentPairs) {
        this.licences = licences;
        this.pairs = pairs;
        this.counters = counters;
        this.absentIntegrations = absentIntegrations;
        this.absentPairs = absentPairs;
    }

    /** Whether the integration had no row when the batch locked, and no start of the batch has made one. */
    boolean absentIntegration(String integrationId) {
        return absentIntegrations != null && absentIntegrations.contains(integrationId);
    }

    /** Whether the pair had no allocation when the batch locked, and no start of the batch has made one. */
    boolean absentPair(String pairKey) {
        return absentPairs != null && absentPairs.contains(pairKey);
    }

    /** A start of the batch made the integration's row. */
    void integrationMade(String integrationId) {
        if (absentIntegrations != null) {
            absentIntegrations.remove(integrationId);
        }
    }

    /** A start of the batch made the pair's allocation. */
    void pairMade(String pairKey) {
        if (absentPairs != null) {
            absentPairs.remove(pairKey);
        }
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
