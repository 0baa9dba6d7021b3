package io.tally.license.transfers;

import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;

/**
 * One licence's transferred records this month (rules 3 and 4), exact under any number of threads.
 * Every report adds atomically and learns the count before and after it, so exactly one report
 * crosses the cap (the warning) and exactly one crosses the limit (the cut-off):
 * <ul>
 *   <li>the limit is the cap plus {@code floor(cap × buffer% / 100)}: cap 100, buffer 10 % → 110;
 *       cap 15 → 16 (16.5 is passed by the 17th record);</li>
 *   <li>a report is counted while the count before it is at most the limit; the report that takes the
 *       count past the limit is the last one counted, and cuts the licence off;</li>
 *   <li>after that, reports are refused and not counted until the month ends.</li>
 * </ul>
 * A licence without a cap has cap and limit {@link Long#MAX_VALUE}: never warned, never cut off.
 */
public final class LicenceMeter {

    public enum Outcome {
        COUNTED, REACHED_CAP, CUT_OFF, REACHED_CAP_AND_CUT_OFF, REFUSED,
        /** Not counted: the report does not fit in this node's block of the cluster's allowance; the caller leases more. */
        BEYOND_BLOCK
    }

    /** What a settlement with the shared store starts from: taken under the write lock, so no report is half counted. */
    record Frozen(long delta, boolean warned, boolean cutOff, long kept, boolean last) {
    }

    /**
     * What one month ended with, as the month rolls over.
     *
     * @param residue records counted between the closing month's last store and the roll, still to be added to it
     */
    public record ClosedMonth(String licenceId, YearMonth month, long records, boolean cutOff, long residue) {
    }

    private final String licenceId;
    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile boolean cutOff;
    private volatile long cap;
    private volatile long limit;
    private volatile YearMonth month;
    private volatile boolean liftRequested;
    // Several nodes on one database (shared): a capped meter counts only inside the block of the cluster's
    // allowance its node leased. allowance is the count up to which reports fit; last says the block holds
    // the limit itself, so this node may count the one report that passes it. Reports hold the read lock,
    // settlements the write lock: a settlement sees every report whole, counted or undone.
    private final boolean shared;
    private final StampedLock block = new StampedLock();
    private volatile long allowance = Long.MAX_VALUE;
    private volatile boolean last = true;
    /** Held while this meter settles with the store (a flush, or a report beyond its block): one settlement at a time. */
    final Object settlement = new Object();
    /** The store's last word on a fair block for one node (guarded by {@link #settlement}). */
    long share;
    // Touched only by the one thread that flushes at a time (TransferMeters.flush): what is stored, and
    // which transitions are stored and have had their consequences.
    private long stored;
    private boolean warnedStored;
    private boolean cutOffStored;
    private boolean warningAnnounced;
    private boolean cutOffSettled;
    private boolean cutOffAnnounced;

    public LicenceMeter(String licenceId, Long cap, int bufferPercent, YearMonth month, long records, boolean warned, boolean cutOff) {
        this(licenceId, cap, bufferPercent, month, records, warned, cutOff, false);
    }

    /** @param shared whether other nodes count on the same store: then a capped meter counts inside leased blocks */
    public LicenceMeter(String licenceId, Long cap, int bufferPercent, YearMonth month, long records, boolean warned, boolean cutOff,
                        boolean shared) {
        this.licenceId = licenceId;
        this.shared = shared;
        this.month = month;
        this.count.set(records);
        this.stored = records;
        this.warned.set(warned);
        this.cutOff = cutOff;
        this.warnedStored = warned;
        this.warningAnnounced = warned; // announced when it happened, before this load
        this.cutOffStored = cutOff; // its consequences are settled again: a crash may have come between
        this.cutOffAnnounced = cutOff;

        capAt(cap, bufferPercent);
        liftRequested = false; // loaded as stored: nothing to lift
        if (leases()) {
            allowance = records; // no block yet: the first report leases one
            last = false;
        }
    }

    /** The limit for a cap: the cap plus the whole records of its buffer; {@code null} means unlimited. */
    public static long limit(Long cap, int bufferPercent) {
        if (cap == null) {
            return Long.MAX_VALUE;
        }
        long buffer = cap / 100 * bufferPercent + cap % 100 * bufferPercent / 100; // no overflow for caps up to 10^16
        return cap > Long.MAX_VALUE - buffer ? Long.MAX_VALUE : cap + buffer;
    }

    /**
     * A renewal may change the cap; the month's count stays. A cut-off whose count is now within the new
     * limit is to be lifted: the flushing thread does it ({@link #liftDue}), after storing it.
     */
    public void capAt(Long cap, int bufferPercent) {
        this.limit = limit(cap, bufferPercent);
        this.cap = cap == null ? Long.MAX_VALUE : cap;
        liftRequested = true;
    }

    /** A cut-off whose count a raised cap now allows; asked (and answered once) by the flushing thread. */
    boolean liftDue() {
        if (!liftRequested) {
            return false;
        }
        liftRequested = false;
        return cutOff && count.get() <= limit;
    }

    /** The lift is stored: counting goes on, and a later cut-off this month is decided, stored and settled anew. */
    void lifted() {
        long stamp = shared ? block.writeLock() : 0;
        try {
            if (allowance != Long.MAX_VALUE) {
                allowance = count.get(); // the passed block is spent: counting goes on in a new one
                last = false;
            }
            liftedLocked();
        } finally {
            if (shared) {
                block.unlockWrite(stamp);
            }
        }
    }

    private void liftedLocked() {
        boolean stillWarned = count.get() >= cap;
        warned.set(stillWarned);
        warnedStored = stillWarned;
        warningAnnounced = stillWarned;
        cutOff = false;
        cutOffStored = false;
        cutOffSettled = false;
        cutOffAnnounced = false;
    }

    public Outcome add(long records) {
        if (cutOff) {
            return Outcome.REFUSED;
        }
        if (!leases()) { // alone, or no cap to share: nothing leased, no lock on the hot path
            return addAlone(records);
        }
        long stamp = block.readLock();
        try {
            return cutOff ? Outcome.REFUSED : addInBlock(records);
        } finally {
            block.unlockRead(stamp);
        }
    }

    private Outcome addAlone(long records) {
        long after = counted(records);
        if (after < cap) {
            return Outcome.COUNTED;
        }
        return nearTheCap(after - records, after, records, limit);
    }

    private Outcome addInBlock(long records) {
        long after = counted(records);
        long allowed = allowance;
        if (after < cap && after <= allowed) {
            return Outcome.COUNTED;
        }
        if (after <= allowed) {
            return nearTheCap(after - records, after, records, limit);
        }
        if (!last) {
            count.addAndGet(-records);
            return Outcome.BEYOND_BLOCK;
        }
        // the block ends at the cluster's limit: as alone, with the block's end for the limit
        return nearTheCap(after - records, after, records, Math.min(limit, allowed));
    }

    private long counted(long records) {
        long after = count.addAndGet(records);
        if (after < 0) { // past Long.MAX_VALUE: reports are bounded, so only a meter loaded near it gets here
            count.addAndGet(-records);
            throw new ArithmeticException("The month's count of licence " + licenceId + " would pass " + Long.MAX_VALUE + " records.");
        }
        return after;
    }

    private Outcome nearTheCap(long before, long after, long records, long limit) {
        if (before > limit) {
            count.addAndGet(-records); // a report after the cut-off: not counted
            return Outcome.REFUSED;
        }
        boolean reached = after >= cap && warned.compareAndSet(false, true);
        if (after > limit) {
            cutOff = true;
            return reached ? Outcome.REACHED_CAP_AND_CUT_OFF : Outcome.CUT_OFF;
        }
        return reached ? Outcome.REACHED_CAP : Outcome.COUNTED;
    }

    /**
     * Starts {@code next}: the count, the warning and the cut-off begin again. Only after everything
     * counted up to now in the closing month is stored; what was counted meanwhile is the residue.
     */
    ClosedMonth startMonth(YearMonth next) {
        long stamp = shared ? block.writeLock() : 0;
        try {
            return startMonthLocked(next);
        } finally {
            if (shared) {
                block.unlockWrite(stamp);
            }
        }
    }

    private ClosedMonth startMonthLocked(YearMonth next) {
        if (allowance != Long.MAX_VALUE) {
            allowance = 0; // a block is of one month: the new one starts with none
            last = false;
        }
        YearMonth closing = month;
        boolean wasCutOff = cutOff;
        month = next;
        long records = count.getAndSet(0);
        long residue = records - stored;
        stored = 0;
        warned.set(false);
        cutOff = false;
        warnedStored = false;
        cutOffStored = false;
        warningAnnounced = false;
        cutOffSettled = false;
        cutOffAnnounced = false;
        return new ClosedMonth(licenceId, closing, records, wasCutOff, residue);
    }

    /** The records counted and not yet stored. */
    long unstored() {
        return count.get() - stored;
    }

    /** Whether the store still lacks a transition that happened. */
    boolean marksUnstored() {
        return warned.get() && !warnedStored || cutOff && !cutOffStored;
    }

    /** The store committed these records and marks. */
    void stored(long records, boolean warnedNow, boolean cutOffNow) {
        stored += records;
        warnedStored |= warnedNow;
        cutOffStored |= cutOffNow;
    }

    /**
     * The month's records as stored after this node's last add, other nodes' included (several nodes on one
     * database): what the others added since this meter last looked is counted here too, and passing the cap
     * or the limit that way warns or cuts off as a report would (this node then stores, settles and
     * announces it; the store records each mark once).
     */
    void storedByAll(long records) {
        long others = records - stored;
        if (others <= 0) {
            return;
        }
        stored += others;
        if (allowance != Long.MAX_VALUE) {
            allowance += others; // called under the write lock when leasing: the block keeps its size
        }
        long after = count.addAndGet(others);
        if (after >= cap) {
            warned.compareAndSet(false, true);
        }
        if (after > limit) {
            cutOff = true;
        }
    }

    /** Whether reports count inside leased blocks: other nodes count on the same store, and there is a cap to share. */
    boolean leases() {
        return shared && cap != Long.MAX_VALUE;
    }

    /** Whether this node holds nothing of the allowance: no records left in its block, and not the last block. */
    boolean holdsNoBlock() {
        long allowed = allowance;
        return allowed != Long.MAX_VALUE && !last && allowed <= count.get();
    }

    /** Whether this node counts without a block (alone, uncapped, or deciding alone while the store is away). */
    boolean alone() {
        return allowance == Long.MAX_VALUE;
    }

    /**
     * The start of a settlement with the store: the records not yet stored, and the part of this node's
     * block it keeps (at most {@code keepAtMost}); the rest stops counting here at once, to go back to the
     * store. A node that counted alone keeps nothing: from now on it counts in blocks.
     */
    Frozen freeze(long keepAtMost) {
        long stamp = block.writeLock();
        try {
            long now = count.get();
            boolean hadBlock = allowance != Long.MAX_VALUE;
            long unused = hadBlock ? Math.max(0, allowance - now) : 0;
            long kept = Math.min(unused, Math.max(0, keepAtMost));
            boolean keepsLast = hadBlock && last && kept == unused && keepAtMost > 0; // giving all back gives the limit back too
            allowance = now + kept;
            last = keepsLast;
            return new Frozen(now - stored, warned.get(), cutOff, kept, keepsLast);
        } finally {
            block.unlockWrite(stamp);
        }
    }

    /**
     * The end of a settlement: the month as every node stored it, and the store's grant on top of the
     * kept block; {@code lastBlock} says whether the block now reaches the limit.
     */
    void granted(long recordsByAll, long positions, boolean lastBlock) {
        long stamp = block.writeLock();
        try {
            storedByAll(recordsByAll);
            long grown = allowance + positions;
            allowance = grown < allowance ? Long.MAX_VALUE - 1 : grown;
            last = lastBlock;
        } finally {
            block.unlockWrite(stamp);
        }
    }

    /** The store does not answer: this node decides alone (the cluster's count is no longer exact) until a settlement works. */
    void decideAlone() {
        long stamp = shared ? block.writeLock() : 0;
        try {
            allowance = Long.MAX_VALUE;
            last = true;
        } finally {
            if (shared) {
                block.unlockWrite(stamp);
            }
        }
    }

    /** The warning is stored and not yet announced. */
    public boolean warningToAnnounce() {
        return warnedStored && !warningAnnounced;
    }

    public void warningAnnounced() {
        warningAnnounced = true;
    }

    /** The cut-off is stored and its integrations are not yet known to be disabled. */
    public boolean cutOffToSettle() {
        return cutOffStored && !cutOffSettled;
    }

    public void cutOffSettled() {
        cutOffSettled = true;
    }

    /** Marks the cut-off as announced; true only the first time in the month. */
    public boolean announceCutOff() {
        boolean first = !cutOffAnnounced;
        cutOffAnnounced = true;
        return first;
    }

    public String licenceId() {
        return licenceId;
    }

    public YearMonth month() {
        return month;
    }

    public long records() {
        return count.get();
    }

    public boolean warned() {
        return warned.get();
    }

    public boolean cutOff() {
        return cutOff;
    }

    /** {@link Long#MAX_VALUE} when unlimited. */
    public long cap() {
        return cap;
    }

    public long limit() {
        return limit;
    }
}
