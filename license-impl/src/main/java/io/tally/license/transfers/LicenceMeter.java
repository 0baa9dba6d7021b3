package io.tally.license.transfers;

import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
        COUNTED, REACHED_CAP, CUT_OFF, REACHED_CAP_AND_CUT_OFF, REFUSED
    }

    /** What one month ended with, as the month rolls over. */
    public record ClosedMonth(String licenceId, YearMonth month, long records, boolean cutOff, long unflushed) {
    }

    private final String licenceId;
    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile boolean cutOff;
    private volatile long cap;
    private volatile long limit;
    private volatile YearMonth month;
    private long flushed; // guarded by the TransferMeters lock: only its flushes and month changes touch it

    public LicenceMeter(String licenceId, Long cap, int bufferPercent, YearMonth month, long records, boolean warned, boolean cutOff) {
        this.licenceId = licenceId;
        this.month = month;
        this.count.set(records);
        this.flushed = records;
        this.warned.set(warned);
        this.cutOff = cutOff;
        capAt(cap, bufferPercent);
    }

    /** The limit for a cap: the cap plus the whole records of its buffer; {@code null} means unlimited. */
    public static long limit(Long cap, int bufferPercent) {
        if (cap == null) {
            return Long.MAX_VALUE;
        }
        long buffer = cap / 100 * bufferPercent + cap % 100 * bufferPercent / 100; // no overflow for caps up to 10^16
        return cap > Long.MAX_VALUE - buffer ? Long.MAX_VALUE : cap + buffer;
    }

    /** A renewal may change the cap; the month's count stays. */
    public void capAt(Long cap, int bufferPercent) {
        this.limit = limit(cap, bufferPercent);
        this.cap = cap == null ? Long.MAX_VALUE : cap;
    }

    public Outcome add(long records) {
        if (cutOff) {
            return Outcome.REFUSED;
        }
        long after = count.addAndGet(records);
        if (after < cap) {
            return Outcome.COUNTED;
        }
        return nearTheCap(after - records, after, records);
    }

    private Outcome nearTheCap(long before, long after, long records) {
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
     * Starts {@code next}: the count, the warning and the cut-off begin again. Called under the
     * TransferMeters lock; {@code unflushed} of the result still belongs to the closing month.
     */
    public ClosedMonth startMonth(YearMonth next) {
        YearMonth closing = month;
        boolean wasCutOff = cutOff;
        month = next;
        long records = count.getAndSet(0);
        long unflushed = records - flushed;
        flushed = 0;
        warned.set(false);
        cutOff = false;
        return new ClosedMonth(licenceId, closing, records, wasCutOff, unflushed);
    }

    /** The records counted since the last call, for the flusher (under the TransferMeters lock). */
    long unflushed() {
        long now = count.get();
        long delta = now - flushed;
        flushed = now;
        return delta;
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
