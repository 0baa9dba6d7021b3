package io.tally.license.transfers;

/**
 * How much of a capped licence's monthly allowance one node of several is given (a lease's arithmetic).
 * The allowance is the limit less what all nodes stored; a node's block is what it may count without
 * asking. Blocks never overlap: a node is given only what neither is stored nor held by another node.
 * An active node is given its fair share (half of what is left, split between the nodes that hold a
 * block), so blocks shrink as the allowance runs out. The block that reaches the limit is the last: its
 * node alone may count the one report that passes the limit, and it is given only while no other node
 * holds anything, so that every record below the limit was counted before the limit is passed.
 *
 * @param granted records added to the kept block
 * @param last    whether the node's block now reaches the limit
 * @param share   a fair block for one node now
 */
public record LeaseTerms(long granted, boolean last, long share) {

    /**
     * @param limit      the licence's limit (cap plus buffer)
     * @param stored     the month's records as all nodes stored them, this settlement's included
     * @param othersHeld what the other nodes' blocks hold (records they may count and have not stored)
     * @param others     how many other nodes hold a block
     * @param othersLast whether another node holds the last block
     * @param kept       what this node keeps of its own block
     * @param want       0 for nothing more; else what this node needs now
     */
    public static LeaseTerms of(long limit, long stored, long othersHeld, long others, boolean othersLast, long kept, long want) {
        long left = limit - stored;
        long free = Math.max(0, left - othersHeld);
        long share = left <= 0 ? 0 : Math.max(1, ceilDiv(left, 2 * (others + 1)));
        if (want <= 0) {
            return new LeaseTerms(0, false, share);
        }
        long granted = Math.max(0, Math.min(Math.max(want, share) - kept, free - kept));
        boolean last = left >= 0 && othersHeld == 0 && !othersLast && kept + granted >= free;
        return new LeaseTerms(granted, last, share);
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }
}
