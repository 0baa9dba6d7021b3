package io.tally.license.transfers;

import static io.tally.license.transfers.LicenceMeter.Outcome.COUNTED;
import static io.tally.license.transfers.LicenceMeter.Outcome.CUT_OFF;
import static io.tally.license.transfers.LicenceMeter.Outcome.REACHED_CAP;
import static io.tally.license.transfers.LicenceMeter.Outcome.REACHED_CAP_AND_CUT_OFF;
import static io.tally.license.transfers.LicenceMeter.Outcome.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LicenceMeterTest {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    @Test
    void referenceExampleWarnsAtTheCapAndCutsOffAfterTheBuffer() {
        LicenceMeter cut = meter(100L);
        List<LicenceMeter.Outcome> outcomes = new ArrayList<>();
        for (int record = 1; record <= 112; record++) {
            outcomes.add(cut.add(1));
        }

        assertEquals(COUNTED, outcomes.get(98), "record 99");
        assertEquals(REACHED_CAP, outcomes.get(99), "record 100: the warning");
        assertEquals(COUNTED, outcomes.get(100), "record 101");
        assertEquals(COUNTED, outcomes.get(108), "record 109");
        assertEquals(COUNTED, outcomes.get(109), "record 110: at the limit, not past it");
        assertEquals(CUT_OFF, outcomes.get(110), "record 111 passes the limit: the last one counted");
        assertEquals(REFUSED, outcomes.get(111), "record 112");
        assertEquals(111, cut.records());
        assertTrue(cut.cutOff());
    }

    @Test
    void recordsAnotherNodeStoredCountHereAndPassingTheLimitThatWayCutsOff() {
        LicenceMeter shared = meter(100L);
        assertEquals(COUNTED, shared.add(10));
        shared.stored(10, false, false);
        shared.storedByAll(60); // this node's 10 and another node's 50
        assertEquals(60, shared.records());
        assertEquals(0, shared.unstored(), "the others' records are stored already");
        assertFalse(shared.warned());

        shared.storedByAll(105); // the others passed the cap
        assertTrue(shared.warned(), "the cap passed by the others warns here too");
        assertFalse(shared.cutOff());
        assertEquals(COUNTED, shared.add(5), "110 is still within the limit");

        shared.stored(5, true, false);
        shared.storedByAll(130);
        assertTrue(shared.cutOff(), "the limit passed by the others cuts off here too");
        assertEquals(REFUSED, shared.add(1));
        assertTrue(shared.marksUnstored(), "this node stores the marks it learned; the store records each once");
    }

    @Test
    void limitIsTheCapPlusTheWholeRecordsOfItsBuffer() {
        assertEquals(110, LicenceMeter.limit(100L, 10));
        assertEquals(16, LicenceMeter.limit(15L, 10), "16.5 is passed by the 17th record");
        assertEquals(1, LicenceMeter.limit(1L, 10), "a buffer below one record is none");
        assertEquals(108, LicenceMeter.limit(99L, 10), "9.9 records of buffer: 9");
        assertEquals(125, LicenceMeter.limit(100L, 25));
        assertEquals(Long.MAX_VALUE, LicenceMeter.limit(null, 10));
        assertEquals(1_100_000_000_000_000L, LicenceMeter.limit(1_000_000_000_000_000L, 10));
    }

    @Test
    void capWhoseBufferIsNotWhole() {
        LicenceMeter cut = meter(15L);
        for (int record = 1; record <= 14; record++) {
            assertEquals(COUNTED, cut.add(1));
        }

        assertEquals(REACHED_CAP, cut.add(1), "record 15");
        assertEquals(COUNTED, cut.add(1), "record 16 = limit");
        assertEquals(CUT_OFF, cut.add(1), "record 17");
        assertEquals(REFUSED, cut.add(1));
    }

    @Test
    void batchThatCrossesCapAndLimitAtOnceWarnsAndCutsOff() {
        LicenceMeter cut = meter(100L);
        cut.add(95);

        assertEquals(REACHED_CAP_AND_CUT_OFF, cut.add(20));
        assertEquals(115, cut.records());
        assertEquals(REFUSED, cut.add(1));
    }

    @Test
    void batchLandingExactlyOnTheLimitIsCountedAndNotCutOff() {
        LicenceMeter cut = meter(100L);

        assertEquals(REACHED_CAP, cut.add(110));
        assertFalse(cut.cutOff());
        assertEquals(CUT_OFF, cut.add(1));
    }

    @Test
    void licenceWithoutCapIsNeverLimited() {
        LicenceMeter cut = meter(null);

        assertEquals(COUNTED, cut.add(Long.MAX_VALUE / 4));
        assertEquals(COUNTED, cut.add(Long.MAX_VALUE / 4));
        assertFalse(cut.warned());
        assertFalse(cut.cutOff());
    }

    @Test
    void aCountWithoutCapNeverWrapsNegative() {
        LicenceMeter nearTheEnd = new LicenceMeter("L", null, 10, NOVEMBER, Long.MAX_VALUE - 5, false, false);

        assertThrows(ArithmeticException.class, () -> nearTheEnd.add(999_999_999L));
        assertEquals(Long.MAX_VALUE - 5, nearTheEnd.records(), "the refused report is not counted");
        assertEquals(COUNTED, nearTheEnd.add(4));
        assertEquals(Long.MAX_VALUE - 1, nearTheEnd.records());
    }

    @Test
    void stateLoadedFromTheDatabaseIsKept() {
        LicenceMeter cut = new LicenceMeter("L", 100L, 10, NOVEMBER, 111, true, true);

        assertEquals(REFUSED, cut.add(1));
        assertEquals(111, cut.records());
    }

    @Test
    void newMonthStartsFromZeroAndAllowsAgain() {
        LicenceMeter cut = meter(100L);
        cut.add(111);

        LicenceMeter.ClosedMonth closed = cut.startMonth(NOVEMBER.plusMonths(1));

        assertEquals(new LicenceMeter.ClosedMonth("L", NOVEMBER, 111, true, 111), closed);
        assertEquals(YearMonth.of(2026, 12), cut.month());
        assertEquals(0, cut.records());
        assertFalse(cut.cutOff());
        assertEquals(COUNTED, cut.add(1));
    }

    @Test
    void renewalChangesTheCapAndKeepsTheCount() {
        LicenceMeter cut = meter(100L);
        cut.add(90);

        cut.capAt(1000L, 10);

        assertEquals(90, cut.records());
        assertEquals(COUNTED, cut.add(20), "110 is far from the new cap of 1000");
    }

    @Test
    void recordsCountAsStoredOnlyOnceTheStoreSaysSo() {
        LicenceMeter cut = meter(null);
        cut.add(5);
        assertEquals(5, cut.unstored());
        assertEquals(5, cut.unstored(), "reading what to store marks nothing");
        cut.stored(5, false, false);
        cut.add(3);
        assertEquals(3, cut.unstored());
    }

    @Test
    void aNewMonthKeepsWhatTheClosingMonthCountedSinceItsLastStoreAsItsResidue() {
        LicenceMeter cut = meter(100L);
        cut.add(40);
        cut.stored(40, false, false);
        cut.add(2); // counted after the closing month's last store

        assertEquals(new LicenceMeter.ClosedMonth("L", NOVEMBER, 42, false, 2), cut.startMonth(NOVEMBER.plusMonths(1)));
        assertEquals(0, cut.unstored());
    }

    @Test
    void aCutOffIsSettledOnlyAfterItIsStoredAndAnnouncedOnce() {
        LicenceMeter cut = meter(10L);
        cut.add(12);
        assertFalse(cut.cutOffToSettle(), "not stored yet");
        cut.stored(12, cut.warned(), cut.cutOff());
        assertTrue(cut.cutOffToSettle());
        cut.cutOffSettled();
        assertFalse(cut.cutOffToSettle());
        assertTrue(cut.announceCutOff());
        assertFalse(cut.announceCutOff());
    }

    @Test
    void manyThreadsAcrossTheCapAndTheLimitCountExactlyAndWarnAndCutOffOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                LicenceMeter cut = meter(10_000L);
                Map<LicenceMeter.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> reporters = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    reporters.add(threads.submit(() -> {
                        go.await();
                        for (int record = 0; record < 2_000; record++) {
                            outcomes.computeIfAbsent(cut.add(1), o -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> reporter : reporters) {
                    reporter.get(30, TimeUnit.SECONDS);
                }

                assertEquals(1, outcomes.get(REACHED_CAP).get(), "one warning");
                assertEquals(1, outcomes.get(CUT_OFF).get(), "one cut-off");
                assertEquals(11_001, cut.records(), "counted up to and including the report that passed 11 000");
                assertEquals(16_000 - 11_001, outcomes.get(REFUSED).get(), "every later report refused");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static LicenceMeter meter(Long cap) {
        return new LicenceMeter("L", cap, 10, NOVEMBER, 0, false, false);
    }
}
