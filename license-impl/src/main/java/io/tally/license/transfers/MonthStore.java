package io.tally.license.transfers;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the months' counts are kept: added to, never overwritten, so that several nodes' shares add up. */
public interface MonthStore {

    /** One licence's month as stored. */
    record Month(YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
    }

    /**
     * One node's side of a lease of a capped licence's monthly allowance.
     *
     * @param limit the licence's limit (cap plus buffer) as the node knows it
     * @param kept  how much of its block the node keeps counting in (the rest is given back)
     * @param want  0 to ask for nothing; else the records the node needs now (it is given at least its fair share)
     * @param leaseMs how long another node's block counts as held without being renewed
     */
    record Block(String node, long limit, long kept, long want, long leaseMs) {
    }

    /**
     * The store's answer to a settlement.
     *
     * @param granted records of the allowance added to the kept block
     * @param last    the node's block reaches the limit: it counts the one report that passes it
     * @param share   a fair block for one node now: what an active node keeps at most at its next flush
     */
    record Lease(Month month, long granted, boolean last, long share) {
    }

    Optional<Month> load(String licenceId, YearMonth month);

    /** Whether other nodes may count on this store too (a database they share); then capped meters lease blocks. */
    default boolean shared() {
        return false;
    }

    /**
     * Adds the records and marks as {@link #add} does, and in the same transaction sets the node's block:
     * the kept part plus a grant from what neither is counted nor held by another node.
     */
    default Lease settle(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff, Block block) {
        throw new UnsupportedOperationException("This store is used by one node only: it leases no blocks");
    }

    List<Month> history(String licenceId);

    /** Every licence's stored months from {@code from} on, each with whether it is closed. */
    default Map<String, Map<YearMonth, Boolean>> since(YearMonth from) {
        return Map.of();
    }

    /**
     * Adds records to the month and raises (never lowers) its warned and cut-off marks; a {@code null} cap keeps the stored one.
     *
     * @return the month as stored after the add: with several nodes, their records too
     */
    Month add(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff);

    /**
     * The month is over: adds what was counted since the last flush and marks it closed, once whichever
     * node closes it.
     */
    default void close(String licenceId, YearMonth month, long residue) {
        if (residue != 0) {
            add(licenceId, month, residue, null, false, false);
        }
    }

    /**
     * The licence takes part in the month: its row is stored from now on, with nothing added to a row already there.
     * In the caller's transaction, where the store has one.
     */
    default void takesPart(String licenceId, YearMonth month, Long cap) {
        if (load(licenceId, month).isEmpty()) {
            add(licenceId, month, 0, cap, false, false);
        }
    }

    /** A renewal raised the cap past the month's count: the cut-off mark goes; the warning stays as told. */
    void liftCutOff(String licenceId, YearMonth month, boolean warned);
}
