package io.tally.license.transfers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Nodes sharing one store lease blocks of a capped licence's allowance: together they count every record
 * up to the limit and the one report that passes it, however the reports are spread, and not one more.
 */
class SharedCapTest {

    static final long CAP = 1_000;
    static final long LIMIT = 1_100;

    /** The shared database in memory: one licence's month and the nodes' blocks, each settlement atomic as the row lock makes it. */
    static final class SharedRows implements MonthStore {
        long records;
        boolean warned;
        boolean cutOff;
        final Map<String, Long> held = new HashMap<>();
        final Map<String, Boolean> last = new HashMap<>();
        volatile boolean refusing;

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public synchronized Optional<Month> load(String licenceId, YearMonth month) {
            return Optional.of(new Month(month, records, CAP, warned, cutOff));
        }

        @Override
        public List<Month> history(String licenceId) {
            return List.of();
        }

        @Override
        public synchronized Month add(String licenceId, YearMonth month, long added, Long cap, boolean warnedNow, boolean cutOffNow) {
            if (refusing) {
                throw new IllegalStateException("the database does not answer");
            }
            records += added;
            warned |= warnedNow;
            cutOff |= cutOffNow;
            return new Month(month, records, CAP, warned, cutOff);
        }

        int settlements;

        @Override
        public synchronized Lease settle(String licenceId, YearMonth month, long added, Long cap, boolean warnedNow, boolean cutOffNow, Block block) {
            settlements++;
            Month after = add(licenceId, month, added, cap, warnedNow, cutOffNow);
            long othersHeld = 0;
            int others = 0;
            boolean othersLast = false;
            for (var node : held.keySet()) {
                if (!node.equals(block.node())) {
                    othersHeld += held.get(node);
                    others++;
                    othersLast |= last.get(node);
                }
            }
            LeaseTerms terms = LeaseTerms.of(block.limit(), after.records(), othersHeld, others, othersLast, block.kept(), block.want());
            long mine = block.kept() + terms.granted();
            if (mine > 0 || terms.last()) {
                held.put(block.node(), mine);
                last.put(block.node(), terms.last());
            } else {
                held.remove(block.node());
                last.remove(block.node());
            }
            return new Lease(after, terms.granted(), terms.last(), terms.share());
        }

        @Override
        public void liftCutOff(String licenceId, YearMonth month, boolean warned) {
        }

        synchronized void newMonth() {
            records = 0;
            warned = false;
            cutOff = false;
            held.clear();
            last.clear();
        }

        synchronized long records() {
            return records;
        }
    }

    final SharedRows store = new SharedRows();

    TransferMeters node() {
        return TransferMetersTest.meters(store, Clock.systemUTC(), CAP);
    }

    /** What the reporting ended with: the records accepted, and each report that passed the limit. */
    record Race(long accepted, List<Long> passing) {
    }

    Race race(List<TransferMeters> nodes, int clients, int largest) throws Exception {
        return race(nodes, nodes.stream().map(node -> clients).toList(), largest);
    }

    /** Reports of 1 to {@code largest} records from each node's clients until every node refuses them; every node flushes meanwhile. */
    Race race(List<TransferMeters> nodes, List<Integer> clientsOf, int largest) throws Exception {
        AtomicBoolean flushing = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        List<Long> passing = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size() + clientsOf.stream().mapToInt(Integer::intValue).sum());
        try {
            List<Future<?>> flushers = new ArrayList<>();
            for (TransferMeters node : nodes) {
                flushers.add(threads.submit(() -> {
                    while (flushing.get()) {
                        node.flush(); // the periodic flush, far more often than a real node's
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    return null;
                }));
            }
            List<Future<?>> reporters = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                TransferMeters node = nodes.get(n);
                for (int c = 0; c < clientsOf.get(n); c++) {
                    reporters.add(threads.submit(() -> {
                        while (true) {
                            long records = ThreadLocalRandom.current().nextLong(1, largest + 1);
                            try {
                                LicenceMeter.Outcome outcome = node.count(node.meter("L"), "integration", records);
                                accepted.addAndGet(records);
                                if (outcome == LicenceMeter.Outcome.CUT_OFF || outcome == LicenceMeter.Outcome.REACHED_CAP_AND_CUT_OFF) {
                                    passing.add(records);
                                }
                            } catch (LicenceException refused) {
                                assertEquals(RefusalCode.TRANSFER_CAP_EXCEEDED.code(), refused.code(), refused.getMessage());
                                return null;
                            }
                        }
                    }));
                }
            }
            for (Future<?> reporter : reporters) {
                reporter.get(60, TimeUnit.SECONDS);
            }
            flushing.set(false);
            for (Future<?> flusher : flushers) {
                flusher.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        for (TransferMeters node : nodes) {
            node.flush();
        }
        return new Race(accepted.get(), passing);
    }

    @Test
    void threeNodesReportingSingleRecordsCountUpToTheLimitAndTheOneRecordPastItRoundAfterRound() throws Exception {
        for (int round = 0; round < 20; round++) {
            store.newMonth();
            Race race = race(List.of(node(), node(), node()), 4, 1);
            assertEquals(LIMIT + 1, race.accepted(), "round " + round + ": every record up to the limit and the one that passes it");
            assertEquals(List.of(1L), race.passing(), "round " + round + ": one report passes the limit, on one node");
            assertEquals(race.accepted(), store.records(), "round " + round + ": the store holds every accepted record");
        }
    }

    @Test
    void reportsOfManyRecordsStopAtTheOneThatPassesTheLimitRoundAfterRound() throws Exception {
        for (int round = 0; round < 20; round++) {
            store.newMonth();
            Race race = race(List.of(node(), node(), node()), 4, 7);
            assertEquals(1, race.passing().size(), "round " + round + ": one report passes the limit");
            long passing = race.passing().get(0);
            assertTrue(race.accepted() > LIMIT && race.accepted() - passing <= LIMIT,
                    "round " + round + ": " + race.accepted() + " accepted; the report of " + passing + " passed the limit " + LIMIT);
            assertEquals(race.accepted(), store.records(), "round " + round + ": the store holds every accepted record");
        }
    }

    @Test
    void aNodeThatStopsReportingGivesItsBlockBackForTheOthersToUse() throws Exception {
        TransferMeters quiet = node();
        quiet.count(quiet.meter("L"), "integration", 1); // leases half the allowance, then reports no more
        Race race = race(List.of(quiet, node(), node()), List.of(0, 2, 2), 1);
        assertEquals(LIMIT + 1, 1 + race.accepted(), "the others counted everything the quiet node did not");
        assertEquals(LIMIT + 1, store.records());
    }

    @Test
    void aLicenceNoLongerReportedOnCostsNoTransactionOnceItsBlockIsBack() {
        TransferMeters node = node();
        node.count(node.meter("L"), "integration", 1);
        node.flush(); // active: stores the record, keeps its share
        node.flush(); // idle: gives the block back
        assertTrue(store.held.isEmpty(), "the block is back: " + store.held);
        int settled = store.settlements;
        for (int i = 0; i < 5; i++) {
            node.flush();
        }
        assertEquals(settled, store.settlements, "idle flushes with no block settle nothing");
        assertEquals(1, store.records());
    }

    @Test
    void aNodeWhoseStoreDoesNotAnswerDecidesAloneAndLeasesAgainWhenItAnswers() {
        TransferMeters node = node();
        LicenceMeter meter = node.meter("L");
        store.refusing = true;
        assertEquals(LicenceMeter.Outcome.COUNTED, node.count(meter, "integration", 5), "counted without a lease while the store is away");
        assertTrue(meter.alone());
        store.refusing = false;
        node.flush();
        assertEquals(5, store.records(), "stored once the store answers");
        assertTrue(!meter.alone(), "counting in blocks again");
        assertEquals(LicenceMeter.Outcome.COUNTED, node.count(meter, "integration", 5));
    }
}
