package io.tally.license.application;

import io.tally.license.points.PointAllocator;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.transfers.LicenceMeter;
import io.tally.license.transfers.TransferMeters;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Metering transfers (rules 3 and 4): stores what the meters counted, and acts on what they decided.
 * A report thread only counts; storing, the cut-off's disabling and the platform's callbacks run here,
 * on the periodic flush or at once on a thread of the container's executor. One flush runs at a time
 * without any lock: a request made while one runs makes it go round once more.
 *
 * <p>Order, each step only after the one before it committed: the counts and the warning or cut-off
 * mark are stored; the warning is announced; the cut-off disables the licence's integrations (once per
 * licence and month, tried again at every flush until it commits); a closed month is announced.
 */
@ApplicationScoped
public class Metering {

    private static final Logger LOG = Logger.getLogger(Metering.class.getName());

    @Inject
    TransferMeters meters;

    @Inject
    PointAllocator points;

    @Inject
    Transactions transactions;

    @Inject
    MonthlyStatements statements;

    @Inject
    Event<LicensingEvent> events;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    Executor executor;

    private volatile long completeFlushNanos = System.nanoTime();

    /** Seconds since a flush last stored everything counted: the flush lag operators alert on. */
    public double secondsSinceCompleteFlush() {
        return (System.nanoTime() - completeFlushNanos) / 1e9;
    }

    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();

    // touched by the one flushing thread only
    private final List<LicenceMeter.ClosedMonth> unannounced = new ArrayList<>();
    private boolean cutOffFailing;

    /** A report reached the cap or passed the limit: act on it now, on a thread of Tally's. */
    void transition() {
        requested.incrementAndGet();
        executor.execute(this::flushIfIdle);
    }

    /** The periodic flush, every {@code tally.transfers.flush-interval-ms}. */
    public void tick() {
        requested.incrementAndGet();
        flushIfIdle();
    }

    /**
     * Flushes and returns once a flush that began after this call has ended: for a shutdown, and for
     * tests. Gives up after 30 s (a platform callback that never returns must not hold a shutdown forever).
     */
    public void flushNow() {
        long ticket = requested.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (completed.get() < ticket) {
            if (System.nanoTime() > deadline) {
                LOG.warning("A flush did not end within 30 s; counted records not yet stored stay in memory");
                return;
            }
            flushIfIdle();
            if (completed.get() < ticket) {
                LockSupport.parkNanos(1_000_000); // another thread is flushing and takes this request too
            }
        }
    }

    /** The node is stopping: a last flush that also gives back every leased block of a cap's allowance. */
    public void flushAndLeave() {
        meters.leave();
        flushNow();
    }

    private void flushIfIdle() {
        while (flushing.compareAndSet(false, true)) {
            try {
                for (long upTo = requested.get(); upTo > completed.get(); upTo = requested.get()) {
                    once();
                    completed.set(upTo);
                }
            } finally {
                flushing.set(false);
            }
            if (requested.get() == completed.get()) {
                return; // else a request came in after the loop looked: go round again
            }
        }
    }

    private void once() {
        TransferMeters.Flushed flushed;
        try {
            flushed = meters.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Flushing the transfer meters failed; the next flush tries again", e);
            return;
        }
        if (flushed.failures() == 0) {
            completeFlushNanos = System.nanoTime();
        }
        for (LicenceMeter meter : flushed.warnings()) {
            LOG.warning("Licence " + meter.licenceId() + " reached its cap of " + meter.cap() + " transferred records for " + meter.month() + ".");
            meter.warningAnnounced();
            fire(new LicensingEvent.TransferCapReached(meter.licenceId(), meter.month(), meter.records(), meter.cap()));
        }
        for (LicenceMeter meter : flushed.cutOffs()) {
            settle(meter);
        }
        for (LicenceMeter meter : flushed.lifted()) {
            List<String> disabledByCap = points.disabledByCap(meter.licenceId());
            LOG.info("Licence " + meter.licenceId() + " was renewed with " + (meter.cap() == Long.MAX_VALUE ? "no cap" : "a cap of " + meter.cap() + " records")
                    + ": its cut-off for "
                    + meter.month() + " is lifted (" + meter.records() + " counted); the platform may restart " + disabledByCap + ".");
            fire(new LicensingEvent.TransferCapLifted(meter.licenceId(), meter.month(), meter.records(), meter.limit(), disabledByCap));
        }
        unannounced.addAll(flushed.closedMonths());
        for (Iterator<LicenceMeter.ClosedMonth> pending = unannounced.iterator(); pending.hasNext(); ) {
            LicenceMeter.ClosedMonth closed = pending.next();
            try {
                List<String> disabledByCap = closed.cutOff() ? points.disabledByCap(closed.licenceId()) : List.of();
                statements.write(closed.licenceId(), closed.month());
                pending.remove();
                fire(new LicensingEvent.TransferMonthStarted(closed.licenceId(), closed.month().plusMonths(1), closed.records(), disabledByCap));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not read what the cap disabled in " + closed.month() + "; the next flush tries again", e);
            }
        }
    }

    /** The cut-off is stored: disable every integration of the licence, in a transaction that is tried until it commits. */
    private void settle(LicenceMeter meter) {
        YearMonth month = meter.month();
        String detail = "Licence " + meter.licenceId() + " passed its cap of " + meter.cap() + " transferred records plus buffer ("
                + meter.limit() + ") for " + month + ".";
        try {
            Contention.retry("cut-off of " + meter.licenceId(), () -> transactions.inNew(() -> {
                points.licenceCutOff(meter.licenceId(), detail);
                return null;
            }));
        } catch (RuntimeException e) {
            if (!cutOffFailing) {
                cutOffFailing = true;
                LOG.log(Level.WARNING, "Could not disable the integrations of cut-off licence " + meter.licenceId()
                        + " yet; every flush tries again: " + e, e);
            }
            return;
        }
        cutOffFailing = false;
        meter.cutOffSettled();
        if (meter.announceCutOff()) {
            LOG.warning(detail + " Its integrations are disabled until the month ends.");
            fire(new LicensingEvent.TransferCapExceeded(meter.licenceId(), month, meter.records(), meter.limit()));
        }
    }

    private void fire(LicensingEvent event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of " + event + " failed", e);
        }
    }
}
