package io.tally.license.transfers;

import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The monthly transferred-records count of every licence (rules 3 and 4). Reports are counted in
 * memory ({@link LicenceMeter}); {@link #flush()} adds what was counted to the {@link MonthStore} and
 * starts a new month at 00:00 on its first day in {@code tally.transfers.zone}. A record counts as
 * stored only once the store committed it; a month starts only once the closing month is stored.
 * Reports that pass the cap or the limit change nothing here but the meter: the caller decides what follows.
 */
@ApplicationScoped
public class TransferMeters {

    private static final Logger LOG = Logger.getLogger(TransferMeters.class.getName());

    @Inject
    @ConfigProperty(name = "tally.transfers.buffer-percent", defaultValue = "10")
    int bufferPercent;

    @Inject
    @ConfigProperty(name = "tally.transfers.zone")
    Optional<String> zoneName;

    @Inject
    @ConfigProperty(name = "tally.transfers.lease-ms", defaultValue = "10000")
    long leaseMs;

    @Inject
    MonthStore store;

    @Inject
    Caps caps;

    @Inject
    Clock clock;

    private final Map<String, LicenceMeter> meters = new ConcurrentHashMap<>();
    private MonthClock months;
    /** This node's name on the store's leases: a restarted node is a new node, and the old one's blocks expire. */
    private final String node = UUID.randomUUID().toString();
    private volatile Boolean shared;
    private volatile boolean leaving;
    private volatile boolean decidingAlone;

    // touched by the one flushing thread only
    private final List<LicenceMeter.ClosedMonth> closing = new ArrayList<>();
    /** Months closed late (found at start): the flushing thread moves them to {@link #closing}. */
    private final java.util.Queue<LicenceMeter.ClosedMonth> closingLate = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Licences installed while running, with the month they were installed in: the flushing thread meters them. */
    private final java.util.Queue<Map.Entry<String, YearMonth>> installedLately = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Licences removed while running, with the month they were removed in: each meter closes that month, then goes. */
    private final Map<String, YearMonth> removedLately = new ConcurrentHashMap<>();
    private boolean failing;

    /** What a flush stored, and the transitions whose consequences are due. */
    public record Flushed(List<LicenceMeter> warnings, List<LicenceMeter> cutOffs, List<LicenceMeter.ClosedMonth> closedMonths,
                          List<LicenceMeter> lifted, int failures) {
    }

    @PostConstruct
    void init() {
        if (bufferPercent < 0 || bufferPercent > 1000) {
            throw new IllegalStateException("tally.transfers.buffer-percent must be between 0 and 1000, not " + bufferPercent);
        }
        if (leaseMs < 1000 || leaseMs > 600_000) {
            throw new IllegalStateException("tally.transfers.lease-ms must be between 1000 and 600000, not " + leaseMs);
        }
        try {
            months = new MonthClock(clock, zoneName.map(ZoneId::of).orElseGet(ZoneId::systemDefault));
        } catch (java.time.DateTimeException e) {
            throw new IllegalStateException("tally.transfers.zone must be a time zone such as Europe/Sofia or UTC, not '"
                    + zoneName.orElse("") + "'", e);
        }
    }

    public YearMonth currentMonth() {
        return months.now();
    }

    /** The instant a month begins in the metering zone ({@code tally.transfers.zone}). */
    public java.time.Instant startOf(YearMonth month) {
        return months.startOf(month);
    }

    /** A month as stored, for statements. */
    public java.util.Optional<MonthStore.Month> stored(String licenceId, YearMonth month) {
        return store.load(licenceId, month);
    }

    /** The months from the one before the instant's up to, not including, this one. */
    public List<YearMonth> endedSince(java.time.Instant instant) {
        List<YearMonth> ended = new ArrayList<>();
        for (YearMonth month = months.monthOf(instant).minusMonths(1); month.isBefore(months.now()); month = month.plusMonths(1)) {
            ended.add(month);
        }
        return ended;
    }

    /** Every licence's stored months from {@code from} on, each with whether it is closed. */
    public Map<String, Map<YearMonth, Boolean>> storedSince(YearMonth from) {
        return store.since(from);
    }

    /**
     * A month that ended while Tally was down (or whose close a stop cut short) is closed at the next flush as a
     * running Tally closes it: once in the store and the record, then announced with its statement.
     */
    public void closeLate(String licenceId, YearMonth month) {
        MonthStore.Month stored = store.load(licenceId, month).orElse(new MonthStore.Month(month, 0, null, false, false));
        closingLate.add(new LicenceMeter.ClosedMonth(licenceId, month, stored.records(), stored.cutOff(), 0));
    }

    /**
     * The licence's meter for this month, loaded from the store on first use: in the month the licence was
     * installed in when that is still waiting for a flush, so that the flush after a month's end closes it.
     */
    public LicenceMeter meter(String licenceId) {
        LicenceMeter known = meters.get(licenceId);
        return known != null ? known : loaded(licenceId, firstMonthOf(licenceId));
    }

    /**
     * Loads a meter outside the map and keeps the first one in: a load reads the database, which on H2 may wait for
     * the writers' turn, and a start holding the turn asks for meters. Loaded inside the map (computeIfAbsent), the
     * load held every caller of that licence's meter (and of its bin) until the turn came: the start waited for the
     * map, the load for the start. Two loads of one meter read the same stored month; the one not kept was never
     * counted on. A cap that changed during the load (a renewal, or the licence reaching memory) finds no meter
     * to change yet, so the one kept is given it here.
     */
    private LicenceMeter loaded(String licenceId, YearMonth month) {
        LicenceMeter loaded = load(licenceId, month);
        LicenceMeter first = meters.putIfAbsent(licenceId, loaded);
        if (first != null) {
            return first;
        }
        Long cap = caps.capOf(licenceId);
        if (loaded.cap() != (cap == null ? Long.MAX_VALUE : cap)) {
            capChanged(licenceId);
        }
        return loaded;
    }

    private YearMonth firstMonthOf(String licenceId) {
        for (Map.Entry<String, YearMonth> installed : installedLately) { // empty but for the licences uploaded since the last flush
            if (installed.getKey().equals(licenceId)) {
                return installed.getValue();
            }
        }
        return currentMonth();
    }

    /**
     * A licence was installed while Tally runs: it gets its meter at the next flush, in the month it was
     * installed in, so that the month's end closes it (entry and statement) even when nothing was counted on it.
     */
    public void installed(String licenceId) {
        removedLately.remove(licenceId);
        installedLately.add(Map.entry(licenceId, currentMonth()));
    }

    /**
     * A licence was removed while Tally runs: its meter stays to the end of the month (whose close and statement
     * cover what it counted before the removal), then goes, so that no later month closes for it.
     */
    public void removed(String licenceId) {
        removedLately.put(licenceId, currentMonth());
    }

    /**
     * A licence is being removed, in the caller's transaction: the month it leaves in has a stored row from that
     * transaction on, so that a close after a restart finds that the licence took part in it, counted or not.
     */
    public void removing(String licenceId, Long cap) {
        store.takesPart(licenceId, currentMonth(), cap);
    }

    private LicenceMeter load(String licenceId, YearMonth month) {
        Long cap = caps.capOf(licenceId);
        return store.load(licenceId, month)
                .map(m -> new LicenceMeter(licenceId, cap, bufferPercent, month, m.records(), m.warned(), m.cutOff(), shared()))
                .orElseGet(() -> new LicenceMeter(licenceId, cap, bufferPercent, month, 0, false, false, shared()));
    }

    /** Whether other nodes may count on the same store; asked once, when the first meter loads. */
    private boolean shared() {
        Boolean known = shared;
        if (known == null) {
            known = store.shared();
            shared = known;
        }
        return known;
    }

    /** Whether the licence is cut off this month; a meter not yet in memory is loaded, so a restart forgets no cut-off. */
    public boolean isCutOff(String licenceId) {
        return meter(licenceId).cutOff();
    }

    /**
     * Counts a report on the meter of the licence giving the integration's pair its point.
     *
     * @return the transition the report caused; the caller acts on {@code REACHED_CAP} and {@code CUT_OFF}
     * @throws LicenceException {@code transfer-cap-exceeded} when the licence is already cut off (not counted)
     */
    public LicenceMeter.Outcome count(LicenceMeter meter, String integrationId, long records) {
        LicenceMeter.Outcome outcome = meter.add(records);
        if (outcome == LicenceMeter.Outcome.BEYOND_BLOCK) {
            outcome = countBeyondTheBlock(meter, integrationId, records);
        }
        if (outcome == LicenceMeter.Outcome.REFUSED) {
            throw new LicenceException(RefusalCode.TRANSFER_CAP_EXCEEDED, "Licence " + meter.licenceId() + " passed its "
                    + meter.month() + " cap of " + meter.cap() + " transferred records plus buffer (" + meter.limit()
                    + "); the " + records + " records of integration " + integrationId + " are not counted.");
        }
        return outcome;
    }

    /**
     * The report does not fit in this node's block: lease more from the store, one report at a time per
     * meter. When the rest of the allowance is held by other nodes, wait for them to use it or give it back
     * (every flush gives back what an idle node holds; a dead node's blocks expire after tally.transfers.lease-ms).
     * When the store does not answer, this node decides alone until it does.
     */
    private LicenceMeter.Outcome countBeyondTheBlock(LicenceMeter meter, String integrationId, long records) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * leaseMs);
        while (true) {
            synchronized (meter.settlement) {
                LicenceMeter.Outcome outcome = meter.add(records);
                if (outcome != LicenceMeter.Outcome.BEYOND_BLOCK) {
                    return outcome;
                }
                if (leaving) { // its last flush gave the blocks back, or is about to: a block taken now would stay held until it expires
                    throw new LicenceException(RefusalCode.DATABASE_UNAVAILABLE, "This node is stopping; the " + records
                            + " records of integration " + integrationId + " are not counted: send them to another node.");
                }
                try {
                    settle(meter, Long.MAX_VALUE, records);
                    outcome = meter.add(records);
                    if (outcome != LicenceMeter.Outcome.BEYOND_BLOCK) {
                        return outcome;
                    }
                    settle(meter, 0, 0); // too little for this report: give it back, so that another node can take the rest
                } catch (RuntimeException e) {
                    decideAlone(e);
                    meter.decideAlone();
                    return meter.add(records);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new LicenceException(RefusalCode.DATABASE_UNAVAILABLE, "The rest of licence " + meter.licenceId()
                        + "'s allowance for " + meter.month() + " stayed with other nodes for " + 2 * leaseMs
                        + " ms; the " + records + " records of integration " + integrationId + " are not counted: try again.");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(2, 20)));
        }
    }

    /** Sends what was counted, keeps at most {@code keepAtMost} of the block, and asks for {@code want} more (0: none). */
    private void settle(LicenceMeter meter, long keepAtMost, long want) {
        LicenceMeter.Frozen frozen = meter.freeze(keepAtMost);
        MonthStore.Lease lease = store.settle(meter.licenceId(), meter.month(), frozen.delta(), meter.cap() == Long.MAX_VALUE ? null : meter.cap(),
                frozen.warned(), frozen.cutOff(), new MonthStore.Block(node, meter.limit(), frozen.kept(), want, leaseMs));
        meter.stored(frozen.delta(), frozen.warned(), frozen.cutOff());
        meter.granted(lease.month().records(), lease.granted(), lease.last());
        meter.share = lease.share();
        if (decidingAlone) {
            decidingAlone = false;
            LOG.info("Transferred records are counted in leased blocks again: the cluster's caps are exact again.");
        }
    }

    private void decideAlone(RuntimeException cause) {
        if (!decidingAlone) {
            decidingAlone = true;
            LOG.log(Level.WARNING, "The database does not answer a lease of a cap's allowance; this node decides caps alone "
                    + "(the cluster may pass a limit by what the other nodes count meanwhile) until it answers: " + cause, cause);
        }
    }

    /** At each flush a leasing meter settles: active, it keeps up to its share and is topped up to it; idle, it gives its block back. */
    private void settleAtFlush(LicenceMeter meter) {
        if (!meter.leases()) { // the cap is gone: the block goes back, and the meter counts alone
            settle(meter, 0, 0);
            meter.decideAlone();
            return;
        }
        boolean active = !leaving && (meter.unstored() != 0 || meter.alone());
        if (!active && meter.holdsNoBlock() && !meter.marksUnstored()) {
            return; // nothing to send, nothing to give back: an idle licence costs no transaction
        }
        settle(meter, active ? meter.share : 0, active ? 1 : 0);
    }

    /** The node is stopping: the next flush gives every block back instead of waiting for the leases to expire. */
    public void leave() {
        leaving = true;
    }

    /**
     * Adds what every meter counted to the store, with its warning and cut-off marks, and starts the
     * new month on meters whose month is over. A meter whose store fails keeps everything it counted
     * for the next flush. One caller at a time.
     */
    public Flushed flush() {
        YearMonth now = months.now();
        int failures = 0;
        RuntimeException firstFailure = null;
        for (Map.Entry<String, YearMonth> installed = installedLately.peek(); installed != null; installed = installedLately.peek()) {
            YearMonth installedIn = installed.getValue();
            try {
                if (!meters.containsKey(installed.getKey())) { // a report may have loaded it first
                    loaded(installed.getKey(), installedIn);
                }
                installedLately.poll();
            } catch (RuntimeException e) { // the store does not answer: the next flush tries again
                failures++;
                firstFailure = e;
                break;
            }
        }
        List<LicenceMeter> lifted = new ArrayList<>();
        for (LicenceMeter meter : meters.values()) {
            try {
                synchronized (meter.settlement) { // a report's lease settles in between, never in the middle
                    if (shared() && (meter.leases() || !meter.alone())) {
                        settleAtFlush(meter);
                    } else {
                        store(meter);
                    }
                    if (meter.month().isBefore(now)) {
                        YearMonth ended = meter.month();
                        closing.add(meter.startMonth(now));
                        YearMonth removedIn = removedLately.get(meter.licenceId());
                        // removed in a month that began before this flush: its meter goes once that month has closed
                        if (removedIn != null && !ended.isBefore(removedIn) && removedLately.remove(meter.licenceId(), removedIn)) {
                            meters.remove(meter.licenceId(), meter);
                        }
                    } else if (meter.liftDue()) {
                        store.liftCutOff(meter.licenceId(), meter.month(), meter.records() >= meter.cap());
                        meter.lifted();
                        lifted.add(meter);
                    }
                }
            } catch (RuntimeException e) {
                failures++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        // a removed licence that was never metered has no month to close here (queued ones were metered above)
        removedLately.keySet().removeIf(id -> !meters.containsKey(id) && installedLately.stream().noneMatch(queued -> queued.getKey().equals(id)));
        for (LicenceMeter.ClosedMonth late = closingLate.poll(); late != null; late = closingLate.poll()) {
            closing.add(late);
        }
        List<LicenceMeter.ClosedMonth> closed = new ArrayList<>();
        for (Iterator<LicenceMeter.ClosedMonth> pending = closing.iterator(); pending.hasNext(); ) {
            LicenceMeter.ClosedMonth month = pending.next();
            try {
                store.close(month.licenceId(), month.month(), month.residue());
                pending.remove();
                closed.add(month);
            } catch (RuntimeException e) {
                failures++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        logTransition(failures, firstFailure);
        List<LicenceMeter> warnings = meters.values().stream().filter(LicenceMeter::warningToAnnounce).toList();
        List<LicenceMeter> cutOffs = meters.values().stream().filter(LicenceMeter::cutOffToSettle).toList();
        return new Flushed(warnings, cutOffs, closed, lifted, failures);
    }

    private void store(LicenceMeter meter) {
        boolean warned = meter.warned();
        boolean cutOff = meter.cutOff();
        long delta = meter.unstored();
        if (delta != 0 || meter.marksUnstored()) {
            MonthStore.Month after = store.add(meter.licenceId(), meter.month(), delta, meter.cap() == Long.MAX_VALUE ? null : meter.cap(), warned, cutOff);
            meter.stored(delta, warned, cutOff);
            meter.storedByAll(after.records()); // other nodes' records of the month count here too from now on
        } else {
            meter.stored(delta, warned, cutOff);
        }
    }

    /** One warning when storing starts failing, one line when it works again: a long outage does not flood the log. */
    private void logTransition(int failures, RuntimeException first) {
        if (failures > 0 && !failing) {
            failing = true;
            LOG.log(Level.WARNING, "Could not store transferred records (" + failures + " meters); they stay counted in memory "
                    + "and every flush tries again: " + first, first);
        } else if (failures == 0 && failing) {
            failing = false;
            LOG.info("Transferred records are stored again; nothing counted meanwhile was lost.");
        }
    }

    /**
     * A renewal may change the cap: the month's count stays with the licence id. A meter still loading (it may
     * have read the cap before the change) is not in the map yet: its load compares the cap once it is in.
     */
    public void capChanged(String licenceId) {
        meters.computeIfPresent(licenceId, (id, meter) -> {
            meter.capAt(caps.capOf(id), bufferPercent);
            return meter;
        });
    }

    public Collection<LicenceMeter> meters() {
        return meters.values();
    }

    /** This month (live, from memory) and every earlier month (stored), oldest first. */
    public List<MonthlyTransfers> history(String licenceId) {
        LicenceMeter current = meter(licenceId);
        List<MonthlyTransfers> history = new ArrayList<>(store.history(licenceId).stream()
                .filter(m -> m.month().isBefore(current.month()))
                .map(m -> MonthlyTransfers.of(m, bufferPercent))
                .toList());
        history.add(MonthlyTransfers.of(current));
        return history;
    }
}
