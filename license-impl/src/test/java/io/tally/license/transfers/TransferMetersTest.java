package io.tally.license.transfers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Storing the counts through a store that fails for a while: nothing counted is lost or stored twice. */
class TransferMetersTest {

    /** A store in memory that refuses every write while {@code refusing}. */
    static class FlakyStore implements MonthStore {
        final Map<String, Month> rows = new HashMap<>();
        boolean refusing;

        @Override
        public Optional<Month> load(String licenceId, YearMonth month) {
            return Optional.ofNullable(rows.get(licenceId + " " + month));
        }

        @Override
        public List<Month> history(String licenceId) {
            return new ArrayList<>(rows.values());
        }

        @Override
        public Month add(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
            if (refusing) {
                throw new IllegalStateException("the database refuses writes");
            }
            return rows.merge(licenceId + " " + month, new Month(month, records, cap, warned, cutOff),
                    (old, add) -> new Month(month, old.records() + add.records(), cap == null ? old.cap() : cap,
                            old.warned() || warned, old.cutOff() || cutOff));
        }

        @Override
        public void close(String licenceId, YearMonth month, long residue) {
            if (refusing) {
                throw new IllegalStateException("the database refuses writes");
            }
            MonthStore.super.close(licenceId, month, residue);
        }

        @Override
        public void liftCutOff(String licenceId, YearMonth month, boolean warned) {
            rows.computeIfPresent(licenceId + " " + month, (key, old) -> new Month(month, old.records(), old.cap(), warned, false));
        }

        long records(String licenceId, YearMonth month) {
            return load(licenceId, month).map(Month::records).orElse(0L);
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(String instant) {
            now = Instant.parse(instant);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    final FlakyStore store = new FlakyStore();
    final MovableClock clock = new MovableClock("2026-11-30T20:00:00Z");
    final TransferMeters cut = meters(store, clock, 10L);

    static TransferMeters meters(MonthStore store, Clock clock, Long cap) {
        return meters(store, clock, licenceId -> cap);
    }

    static TransferMeters meters(MonthStore store, Clock clock, Caps caps) {
        TransferMeters meters = new TransferMeters();
        meters.bufferPercent = 10;
        meters.zoneName = Optional.of("UTC");
        meters.store = store;
        meters.caps = caps;
        meters.clock = clock;
        meters.leaseMs = 10_000;
        meters.init();
        return meters;
    }

    /**
     * A meter's load reads the database, which on H2 may wait for the writers' turn; a start holding that turn
     * asks for the same licence's meter. The load must not hold the meters' map while it waits: the flush's load of
     * a licence installed meanwhile held it, the start waited for the map and the flush for the turn, 10 s each time.
     */
    @Test
    void aMeterLoadingFromTheStoreHoldsNobodyWhoAsksForTheSameMeterMeanwhile() throws Exception {
        java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch turnGiven = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
        Thread flusher = Thread.currentThread();
        FlakyStore waitingForTheTurn = new FlakyStore() {
            @Override
            public Optional<Month> load(String licenceId, YearMonth month) {
                if (Thread.currentThread() == flusher) { // the flush's load: the turn is the start's until it has its meter
                    loading.countDown();
                    try {
                        if (!turnGiven.await(10, java.util.concurrent.TimeUnit.SECONDS)) { // H2WriteTurns' wait
                            gaveUp.set(true);
                            throw new IllegalStateException("no turn within 10 s");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return super.load(licenceId, month);
            }
        };
        TransferMeters meters = meters(waitingForTheTurn, clock, 10L);
        meters.installed("L-NEW");
        java.util.concurrent.ExecutorService start = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Boolean> startsAndGivesTheTurnBack = start.submit(() -> {
                assertTrue(loading.await(30, java.util.concurrent.TimeUnit.SECONDS), "the flush began loading");
                boolean cutOff = meters.isCutOff("L-NEW"); // holding the turn
                turnGiven.countDown();
                return cutOff;
            });
            meters.flush(); // loads the new licence's meter, waiting for the turn
            assertFalse(startsAndGivesTheTurnBack.get(30, java.util.concurrent.TimeUnit.SECONDS), "the start's answer");
            assertFalse(gaveUp.get(), "the start had its meter while the flush waited for the turn, and gave the turn back");
            assertSame(meters.meter("L-NEW"), meters.meter("L-NEW"), "one meter for the licence, whoever loaded it");
        } finally {
            turnGiven.countDown();
            start.shutdownNow();
        }
    }

    /**
     * A meter loaded while a licence is installed (a tick reads the new licence from the database before this
     * node's licences in memory know it) read the cap as none; the cap's change must reach it all the same.
     */
    @Test
    void aCapChangedWhileItsMeterIsLoadingReachesTheMeter() throws Exception {
        Long[] cap = {null};
        java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        FlakyStore slowStore = new FlakyStore() {
            @Override
            public Optional<Month> load(String licenceId, YearMonth month) {
                loading.countDown();
                try {
                    goOn.await(); // the database read of the month, held until the cap has changed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.load(licenceId, month);
            }
        };
        TransferMeters meters = meters(slowStore, clock, licenceId -> cap[0]);

        java.util.concurrent.CompletableFuture<LicenceMeter> tick = java.util.concurrent.CompletableFuture.supplyAsync(() -> meters.meter("L"));
        loading.await();
        cap[0] = 100L; // the licence reached memory
        Thread changed = new Thread(() -> meters.capChanged("L"));
        changed.start();
        while (changed.getState() != Thread.State.BLOCKED && changed.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait(); // until the change has either passed the loading meter by or waits for it
        }
        goOn.countDown();
        changed.join(10_000);
        assertEquals(100, tick.get(10, java.util.concurrent.TimeUnit.SECONDS).cap(), "the meter knows the cap");
    }

    /** Nothing counted and its first flush after the month's end: the month it was installed in closes all the same. */
    @Test
    void aLicenceInstalledBeforeTheMonthEndsHasThatMonthClosedThoughItsFirstFlushComesAfter() {
        assertTheMonthOfInstallationCloses(0);
    }

    /**
     * Installed before the month's end, first reported on after it and before the next flush: the meter
     * still starts in the month it was installed in, which then closes; the report counts as any report
     * between a month's end and the flush that rolls it does (in the closing month).
     */
    @Test
    void aLicenceInstalledBeforeTheMonthEndsHasThatMonthClosedThoughAReportLoadsItsMeterAfter() {
        assertTheMonthOfInstallationCloses(3);
    }

    /** Installed on 2026-11-30, {@code reported} records counted after the month's end (none: no meter loaded before the flush). */
    private void assertTheMonthOfInstallationCloses(long reported) {
        cut.installed("L"); // 2026-11-30T20:00Z
        clock.now = Instant.parse("2026-12-01T00:00:01Z");
        if (reported > 0) {
            cut.count(cut.meter("L"), "i", reported);
        }
        TransferMeters.Flushed flushed = cut.flush();
        assertEquals(List.of("L " + NOVEMBER), closed(flushed));
        assertEquals(reported, flushed.closedMonths().get(0).records());
        assertEquals(YearMonth.of(2026, 12), cut.meter("L").month(), "metered in the new month from then on");
        assertEquals(List.of(), cut.flush().closedMonths(), "closed once");
    }

    /** Each closed month as "licence month". */
    private static List<String> closed(TransferMeters.Flushed flushed) {
        return flushed.closedMonths().stream().map(month -> month.licenceId() + " " + month.month()).toList();
    }

    /** Removed while running: the month it was removed in closes with what it counted, and no month after it does. */
    @Test
    void aRemovedLicenceHasTheMonthOfItsRemovalClosedAndNoMonthAfter() {
        cut.count(cut.meter("L"), "i", 3);
        cut.removed("L");
        clock.now = Instant.parse("2026-12-01T00:00:01Z");
        assertEquals(List.of("L " + NOVEMBER + " 3"), cut.flush().closedMonths().stream()
                .map(closed -> closed.licenceId() + " " + closed.month() + " " + closed.records()).toList());
        clock.now = Instant.parse("2027-01-01T00:00:01Z");
        assertEquals(List.of(), cut.flush().closedMonths(), "December: the licence was gone all month");
    }

    /** Removed in a new month before the flush that closes the month before: both months close, the one it was removed in too. */
    @Test
    void aLicenceRemovedBeforeTheFlushAfterAMonthEndedHasTheMonthOfItsRemovalClosedToo() {
        cut.count(cut.meter("L"), "i", 3);
        clock.now = Instant.parse("2026-12-01T00:00:01Z");
        cut.removed("L"); // in December; the meter is still in November until the next flush
        assertEquals(List.of("L " + NOVEMBER), closed(cut.flush()));
        clock.now = Instant.parse("2027-01-01T00:00:01Z");
        assertEquals(List.of("L 2026-12"), closed(cut.flush()), "December: the licence was there at its start");
        clock.now = Instant.parse("2027-02-01T00:00:01Z");
        assertEquals(List.of(), cut.flush().closedMonths(), "January: the licence was gone all month");
    }

    /** A removal keeps a stored row for its month, even with nothing counted: a close after a restart finds the licence took part. */
    @Test
    void aRemovalStoresTheMonthItLeavesInWithNothingCounted() {
        cut.removing("L", 500L);
        assertEquals(new MonthStore.Month(NOVEMBER, 0, 500L, false, false), store.load("L", NOVEMBER).orElseThrow());
        cut.count(cut.meter("L"), "i", 4);
        cut.flush();
        cut.removing("L", 500L);
        assertEquals(4, store.records("L", NOVEMBER), "what was counted stays");
    }

    /** Removed and uploaded again: metered on, month after month. */
    @Test
    void aLicenceRemovedAndUploadedAgainHasEveryMonthClosed() {
        cut.meter("L");
        cut.removed("L");
        cut.installed("L");
        clock.now = Instant.parse("2026-12-01T00:00:01Z");
        assertEquals(List.of("L " + NOVEMBER), closed(cut.flush()));
        clock.now = Instant.parse("2027-01-01T00:00:01Z");
        assertEquals(List.of("L 2026-12"), closed(cut.flush()));
    }

    @Test
    void aRenewalThatRaisesTheCapPastTheCountLiftsTheCutOffOnceItIsStored() {
        Long[] cap = {10L};
        TransferMeters meters = meters(store, clock, licenceId -> cap[0]);
        LicenceMeter meter = meters.meter("L");
        meters.count(meter, "i", 12); // past 10 + 1 of buffer
        meters.flush();
        assertTrue(meter.cutOff());
        assertTrue(store.load("L", NOVEMBER).orElseThrow().cutOff());

        cap[0] = 100L;
        meters.capChanged("L");
        assertTrue(meter.cutOff(), "lifted by the flushing thread, after the store agrees");
        TransferMeters.Flushed flushed = meters.flush();

        assertEquals(List.of(meter), flushed.lifted());
        assertFalse(meter.cutOff());
        assertFalse(meter.warned(), "12 of a cap of 100: no warning either");
        assertFalse(store.load("L", NOVEMBER).orElseThrow().cutOff());
        assertEquals(LicenceMeter.Outcome.COUNTED, meters.count(meter, "i", 5));
        assertEquals(List.of(), meters.flush().lifted(), "once");
    }

    @Test
    void aRaisedCapStillBelowTheCountKeepsTheCutOff() {
        Long[] cap = {10L};
        TransferMeters meters = meters(store, clock, licenceId -> cap[0]);
        LicenceMeter meter = meters.meter("L");
        meters.count(meter, "i", 30);
        meters.flush();

        cap[0] = 20L;
        meters.capChanged("L");

        assertEquals(List.of(), meters.flush().lifted());
        assertTrue(meter.cutOff());
    }

    @Test
    void recordsCountedWhileTheStoreRefusesAreStoredOnceItAcceptsThem() {
        LicenceMeter meter = cut.meter("L");
        cut.count(meter, "i", 3);
        cut.flush();
        store.refusing = true;
        cut.count(meter, "i", 4);

        assertEquals(1, cut.flush().failures());
        assertEquals(1, cut.flush().failures());
        store.refusing = false;
        assertEquals(0, cut.flush().failures());
        cut.flush();

        assertEquals(7, store.records("L", NOVEMBER));
    }

    @Test
    void theMonthStartsOnlyAfterTheClosingMonthIsStored() {
        LicenceMeter meter = cut.meter("L");
        cut.count(meter, "i", 5);
        store.refusing = true;
        clock.now = Instant.parse("2026-12-01T00:00:05Z");

        assertEquals(List.of(), cut.flush().closedMonths());
        assertEquals(NOVEMBER, meter.month(), "November is not stored yet: it goes on counting");
        cut.count(meter, "i", 1);
        store.refusing = false;
        List<LicenceMeter.ClosedMonth> closed = cut.flush().closedMonths();

        assertEquals(List.of(new LicenceMeter.ClosedMonth("L", NOVEMBER, 6, false, 0)), closed);
        assertEquals(6, store.records("L", NOVEMBER));
        assertEquals(NOVEMBER.plusMonths(1), meter.month());
        assertEquals(List.of(), cut.flush().closedMonths(), "a month closes once");
    }

    @Test
    void theMonthsThatEndedSinceTallyWasLastSeenRunFromTheOneBeforeItUpToTheLastOne() {
        clock.now = Instant.parse("2027-02-10T08:00:00Z");
        assertEquals(List.of(YearMonth.of(2026, 10), NOVEMBER, YearMonth.of(2026, 12), YearMonth.of(2027, 1)),
                cut.endedSince(Instant.parse("2026-11-30T23:59:00Z")));
        assertEquals(List.of(YearMonth.of(2027, 1)), cut.endedSince(Instant.parse("2027-02-10T07:59:00Z")), "a restart in the same month");
        assertEquals(List.of(), cut.endedSince(Instant.parse("2027-04-01T00:00:00Z")), "a clock turned back: no month ended since");
    }

    @Test
    void aMonthClosedLateIsStoredClosedThenHandedOnOnceWithItsStoredCount() {
        store.add("L", NOVEMBER, 9, 10L, false, false);
        clock.now = Instant.parse("2027-01-03T10:00:00Z"); // Tally was down over November's end
        cut.meter("L");
        cut.closeLate("L", NOVEMBER);
        store.refusing = true;

        assertEquals(List.of(), cut.flush().closedMonths(), "not handed on before the store took it");
        store.refusing = false;
        assertEquals(List.of(new LicenceMeter.ClosedMonth("L", NOVEMBER, 9, false, 0)), cut.flush().closedMonths());
        assertEquals(List.of(), cut.flush().closedMonths(), "closed once");
        assertEquals(9, store.records("L", NOVEMBER));
    }

    @Test
    void aCutOffIsHandedOnOnlyOnceItIsStoredAndUntilItIsSettled() {
        LicenceMeter meter = cut.meter("L");
        store.refusing = true;
        assertEquals(LicenceMeter.Outcome.REACHED_CAP_AND_CUT_OFF, cut.count(meter, "i", 12));

        assertEquals(List.of(), cut.flush().cutOffs(), "not stored, so not acted on");
        store.refusing = false;
        assertEquals(List.of(meter), cut.flush().cutOffs());
        assertEquals(List.of(meter), cut.flush().cutOffs(), "until its integrations are disabled");
        meter.cutOffSettled();
        assertEquals(List.of(), cut.flush().cutOffs());
        assertTrue(store.load("L", NOVEMBER).orElseThrow().cutOff());
        assertEquals(12, store.records("L", NOVEMBER));
    }

    @Test
    void aCutOffStoredBeforeARestartIsSettledAgainButNotAnnouncedAgain() {
        store.add("L", NOVEMBER, 12, 10L, true, true);
        TransferMeters restarted = meters(store, clock, 10L);

        assertTrue(restarted.isCutOff("L"), "a meter not yet in memory is loaded: a cut-off survives the restart");
        LicenceMeter meter = restarted.meter("L");
        assertEquals(List.of(meter), restarted.flush().cutOffs());
        assertEquals(false, meter.announceCutOff());
        assertEquals(List.of(), restarted.flush().warnings());
    }
}
