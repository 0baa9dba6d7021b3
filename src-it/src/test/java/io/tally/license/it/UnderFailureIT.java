package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.host.HostIdentity;
import io.tally.license.it.platform.EjbTestPlatform;
import io.tally.license.it.platform.RecordingSwitch;
import io.tally.license.it.platform.TestIntegration;
import io.tally.license.it.platform.TestPlatform;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.Metering;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.IntegrationRecord;
import io.tally.license.points.PointAllocator;
import io.tally.license.spi.DisableReason;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.Licensing;
import io.tally.license.spi.SystemInstance;
import io.tally.license.licences.LicenceRequest;
import io.tally.license.transfers.TransferMeters;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine under faults and races, inside the server: a database that refuses writes for a while,
 * renewals and removals racing starts, stops and reports, a platform whose callback waits for
 * another of its threads, a platform whose start method is an EJB.
 */
@ExtendWith(ArquillianExtension.class)
class UnderFailureIT {

    @Deployment
    static WebArchive tallyWithTestPlatform() {
        return TestDeployment.tallyWithTestPlatform();
    }

    static final AtomicInteger LICENCES = new AtomicInteger();

    @Inject
    TestPlatform platform;

    @Inject
    EjbTestPlatform ejbPlatform;

    @Inject
    RecordingSwitch platformSwitch;

    @Inject
    LicenceService licences;

    @Inject
    LicenceInstallation installation;

    @Inject
    Metering metering;

    @Inject
    PointAllocator allocator;

    @Inject
    HostIdentity host;

    @Inject
    Licensing licensing;

    @Inject
    io.tally.license.records.RecordVerification recordVerification;

    @Inject
    io.tally.license.records.LicensingRecord record;

    @Inject
    io.tally.license.application.StartBatches batches;

    @Inject
    TransferMeters transfers;

    @Inject
    io.tally.license.licences.service.LicenceCatalogue catalogue;

    @Inject
    io.tally.license.application.Transactions transactions;

    @Resource(lookup = "jdbc/tally")
    DataSource database;

    final ItVendor vendor = ItVendor.trusted();
    final List<String> installed = new ArrayList<>();

    @BeforeEach
    void startWithoutLicences() {
        licences.list().forEach(licence -> installation.remove(licence.id()));
    }

    @AfterEach
    void removeLicences() throws SQLException {
        databaseAcceptsWritesAgain();
        recordAcceptsWritesAgain();
        for (String id : installed) {
            try {
                installation.remove(id);
            } catch (RuntimeException alreadyGone) {
                // removed by the test itself
            }
        }
    }

    @Test
    void recordsCountedWhileTheDatabaseRefusesWritesAreStoredOnceItAcceptsThem() throws Exception {
        String licence = install(request(nextId(), 1).transferredRecordsPerMonth(null));
        platform.start(integration("flush-1", "sn-1", "jira-1"));
        licensing.transferred("flush-1", 10);
        metering.flushNow();

        databaseRefusesWrites();
        licensing.transferred("flush-1", 5);
        for (int tick = 0; tick < 3; tick++) {
            tickIgnoringFailure();
        }
        databaseAcceptsWritesAgain();
        metering.flushNow();

        assertEquals(15, storedRecords(licence, transfers.currentMonth().toString()), "no counted record may be lost");
    }

    @Test
    void aCutOffDuringADatabaseOutageIsStoredAndDisablesOnceTheDatabaseIsBack() throws Exception {
        String licence = install(request(nextId(), 1).transferredRecordsPerMonth(10L));
        platform.start(integration("cutoff-1", "sn-1", "jira-1"));
        licensing.transferred("cutoff-1", 5);
        metering.flushNow();

        databaseRefusesWrites();
        try {
            licensing.transferred("cutoff-1", 7); // 12 > 10 + 1: the last counted, and the cut-off
        } catch (RuntimeException failedWhileStoring) {
            // the report itself was counted; what follows it is Tally's to finish
        }
        assertEquals("transfer-cap-exceeded", assertThrows(LicenceException.class, () -> licensing.transferred("cutoff-1", 1)).code());
        tickIgnoringFailure();
        databaseAcceptsWritesAgain();

        Await.until(() -> !platform.isRunning("cutoff-1"), "the cut-off disables the integration once the database is back");
        Await.until(() -> storedCutOff(licence), "the cut-off is stored");
        metering.flushNow();
        assertEquals(12, storedRecords(licence, transfers.currentMonth().toString()));
        assertEquals(1, platformSwitch.calls().stream().filter(c -> c.integrationId().equals("cutoff-1")).count(), "disabled exactly once");
        assertEquals(DisableReason.TRANSFER_CAP_EXCEEDED, platformSwitch.calls().stream()
                .filter(c -> c.integrationId().equals("cutoff-1")).findFirst().orElseThrow().reason());
    }

    /** In-memory views follow committed outcomes only: a stop the database did not commit leaves the integration running. */
    @Test
    void aStopTheDatabaseDidNotCommitLeavesTheIntegrationEnabledAndCounting() throws Exception {
        String licence = install(request(nextId(), 1).transferredRecordsPerMonth(null));
        platform.start(integration("stop-fails-1", "sn-1", "jira-1"));
        licensing.transferred("stop-fails-1", 3);

        recordRefusesWrites();
        try {
            assertThrows(RuntimeException.class, () -> licensing.stop("stop-fails-1"), "the stop cannot write its record entry");
        } finally {
            recordAcceptsWritesAgain();
        }
        licensing.transferred("stop-fails-1", 4); // still enabled: its reports are counted
        metering.flushNow();
        assertEquals(7, storedRecords(licence, transfers.currentMonth().toString()));

        licensing.stop("stop-fails-1");
        assertEquals("integration-not-enabled", assertThrows(LicenceException.class, () -> licensing.transferred("stop-fails-1", 1)).code(),
                "once a stop commits, reports are refused");
    }

    @Test
    void whatAnotherNodeCommittedReachesMemoryAndThePlatformFromTheChangeLogAlone() throws Exception {
        install(request(nextId(), 1).transferredRecordsPerMonth(null));
        platform.start(integration("other-node-1", "sn-1", "jira-1"));
        licensing.transferred("other-node-1", 1);
        // another node's removal, as its transaction leaves the database: the row, the epoch, the log (and no message on the grid)
        try (java.sql.Connection connection = database.getConnection(); java.sql.Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE integration SET enabled = FALSE, disabled_reason = 'LICENCE_REMOVED', "
                    + "disabled_detail = 'Removed on another node.', revision = revision + 1 WHERE integration_id = 'other-node-1'");
            sql.executeUpdate("UPDATE licensing_epoch SET epoch = epoch + 1 WHERE id = 1");
            sql.executeUpdate("INSERT INTO licensing_change (epoch, node, integration_id, licence_id, changed_at) "
                    + "SELECT epoch, 'another-node', 'other-node-1', NULL, 0 FROM licensing_epoch WHERE id = 1");
        }

        Await.until(() -> !platform.isRunning("other-node-1"), "the platform is told by this node, which read the change log");
        assertEquals(List.of(new RecordingSwitch.Call("other-node-1", DisableReason.LICENCE_REMOVED, "Removed on another node.")),
                platformSwitch.calls().stream().filter(c -> c.integrationId().equals("other-node-1")).toList(), "told once, with the detail");
        assertEquals("integration-not-enabled", assertThrows(LicenceException.class, () -> licensing.transferred("other-node-1", 1)).code(),
                "no report of it is counted any more");
    }

    @Test
    void aPlatformCallbackThatWaitsForAnotherOfItsThreadsDoesNotDeadlock() throws Exception {
        install(request(nextId(), 1).transferredRecordsPerMonth(10L));
        platform.start(integration("slow-a", "sn-1", "jira-1"));
        install(request(nextId(), 1).transferredRecordsPerMonth(10L));
        platform.start(integration("slow-b", "sn-2", "jira-2"));
        AtomicBoolean otherThreadFinished = new AtomicBoolean();
        platformSwitch.onDisable("slow-a", () -> {
            // the platform's disable hands work to one of its own threads and waits for it
            ExecutorService worker = Executors.newSingleThreadExecutor();
            try {
                worker.submit(() -> licensing.transferred("slow-b", 12)).get(20, TimeUnit.SECONDS);
                otherThreadFinished.set(true);
            } catch (Exception e) {
                // timed out: the other thread was blocked by the thread that called us
            } finally {
                worker.shutdownNow();
            }
        });

        licensing.transferred("slow-a", 12);

        Await.until(() -> !platform.isRunning("slow-a") && !platform.isRunning("slow-b"), "both licences cut off");
        assertTrue(otherThreadFinished.get(), "the platform's other thread was blocked while Tally called the platform");
    }

    @Test
    void aRefusedStartThroughAnEjbThrowsTheLicenceException() {
        LicenceException refused = assertThrows(LicenceException.class, () -> ejbPlatform.start(integration("ejb-1", "sn-1", "jira-1")));
        assertEquals("no-licence", refused.code());
        install(request(nextId(), 1));
        ejbPlatform.start(integration("ejb-1", "sn-1", "jira-1"));
        assertTrue(platform.isRunning("ejb-1"));
    }

    @Test
    void startsThroughTheFacadeCheckTheConnectorsAsTheInterceptorDoes() {
        install(request(nextId(), 1));
        LicenceException refused = assertThrows(LicenceException.class, () -> licensing.start(
                new TestIntegration("facade-typo", new SystemInstance("servicenow", "sn-1"), new SystemInstance("jirra", "j-1"))));
        assertEquals("unknown-system-type", refused.code());
    }

    @Test
    void renewalsDownAndUpRacingFiftyNewPairsNeverGiveMorePointsThanTheLicenceHas() throws Exception {
        String licence = nextId();
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(10, ChronoUnit.HOURS);
        install(request(licence, 4).issued(issued));
        AtomicInteger issue = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(53);
        AtomicReference<String> overAllocated = new AtomicReference<>();
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean running = new AtomicBoolean(true);
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    TestIntegration start = integration("race-" + round + "-" + i, "sn-" + round, "jira-" + i);
                    work.add(threads.submit(() -> {
                        go.await();
                        attempt(start);
                        return null;
                    }));
                }
                work.add(threads.submit(() -> {
                    go.await();
                    for (int k = 0; k < 6; k++) { // down and up
                        upload(request(licence, k % 2 == 0 ? 1 : 4).issued(issued.plusSeconds(issue.incrementAndGet())));
                    }
                    return null;
                }));
                work.add(threads.submit(() -> {
                    go.await();
                    for (int k = 0; k < 12; k++) { // each locks the licence row and rolls back
                        installation.previewUpload(vendor.bytes(request(licence, k % 2 == 0 ? 1 : 4)
                                .issued(issued.plusSeconds(issue.get() + 1000 + k))), "it");
                    }
                    return null;
                }));
                Future<?> sampler = threads.submit(() -> {
                    go.await();
                    while (running.get()) {
                        long[] usedAndPoints = usedAndPoints(licence);
                        if (usedAndPoints[0] > usedAndPoints[1]) {
                            overAllocated.compareAndSet(null, usedAndPoints[0] + " points used of " + usedAndPoints[1]);
                        }
                    }
                    return null;
                });
                go.countDown();
                for (Future<?> done : work) {
                    done.get(2, TimeUnit.MINUTES);
                }
                running.set(false);
                sampler.get(1, TimeUnit.MINUTES);
                long[] end = usedAndPoints(licence);
                assertTrue(end[0] <= end[1], "round " + round + ": " + end[0] + " points used of " + end[1]);
                assertEquals(null, overAllocated.get(), "round " + round + ", seen while it ran");
                assertEquals(allocator.allocationsCounted(), allocator.pointsUsed(), "round " + round + ": the points-in-use rows count the allocations");
                stopAll("race-" + round + "-");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * H2's row locks can lose an update when a transaction that locked a row ends while another commits a
     * change to it (the renewal race above met it through previews, which lock and roll back). On H2 the
     * transactions that lock rows take turns, even on rows that do not meet; on PostgreSQL they do not wait.
     */
    @Test
    void onH2TransactionsThatLockRowsTakeTurnsAndOnPostgreSqlTheyRunSideBySide() throws Exception {
        String first = install(request(nextId(), 1));
        String second = install(request(nextId(), 1));
        boolean h2 = onH2();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondLocked = new AtomicBoolean();
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        try {
            Future<?> holder = threads.submit(() -> transactions.inNew(() -> {
                licences.lockVerified(first);
                holding.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(holding.await(1, TimeUnit.MINUTES), "the first transaction locked its licence row");
            Future<?> other = threads.submit(() -> transactions.inNew(() -> {
                secondThread.set(Thread.currentThread());
                licences.lockVerified(second);
                secondLocked.set(true);
                return null;
            }));
            if (h2) {
                Await.until(() -> secondThread.get() != null && io.tally.license.platform.H2WriteTurns.waits(secondThread.get()),
                        "the second transaction waits for its turn");
                assertFalse(secondLocked.get(), "no lock on H2 while another transaction holds the turn");
                release.countDown();
                other.get(1, TimeUnit.MINUTES);
            } else {
                other.get(1, TimeUnit.MINUTES); // another row's lock does not wait for the first transaction
                assertFalse(io.tally.license.platform.H2WriteTurns.waits(secondThread.get()));
                release.countDown();
            }
            holder.get(1, TimeUnit.MINUTES);
            assertTrue(secondLocked.get());
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void fiftyNewPairsAtOnceTakeExactlyThePointsTheLicenceHasInAtMostOneTransactionEach() throws Exception {
        String licence = install(request(nextId(), 30).transferredRecordsPerMonth(null));
        long firstEntry = record.head().lastSeq();
        long transactionsBefore = batches.transactionsCommitted();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 50; i++) {
                TestIntegration start = integration("together-" + i, "sn-together", "jira-together-" + i);
                outcomes.add(threads.submit(() -> {
                    go.await();
                    try {
                        platform.start(start);
                        return "granted";
                    } catch (LicenceException refused) {
                        return refused.code();
                    }
                }));
            }
            go.countDown();
            Map<String, Long> answers = new java.util.TreeMap<>();
            for (Future<String> outcome : outcomes) {
                answers.merge(outcome.get(2, TimeUnit.MINUTES), 1L, Long::sum);
            }
            assertEquals(Map.of("granted", 30L, "no-free-point", 20L), answers, "30 points, 20 refusals");
        } finally {
            threads.shutdownNow();
        }
        long transactions = batches.transactionsCommitted() - transactionsBefore;
        assertTrue(transactions >= 1 && transactions <= 30, "the 30 granted starts committed in 1 to 30 transactions (batches on by default), not " + transactions);
        assertEquals(30, allocator.pointsUsedBy(licence));
        assertEquals(allocator.allocationsCounted(), allocator.pointsUsed(), "the points-in-use rows count the allocations");
        List<io.tally.license.records.Chain.Entry> taken = record.inOrder(new io.tally.license.records.RecordQuery(licence,
                io.tally.license.records.EntryType.POINT_TAKEN, null, null), firstEntry, 1000);
        assertEquals(30, taken.size(), "one point-taken entry per granted start");
        assertEquals(30, taken.stream().map(entry -> entry.details()).distinct().count());
        assertTrue(recordVerification.verify().intact());
        java.util.Set<String> enabled = allocator.integrations().stream().filter(i -> i.integrationId().startsWith("together-") && i.enabled())
                .map(IntegrationRecord::integrationId).collect(java.util.stream.Collectors.toSet());
        assertEquals(30, enabled.size());
        for (int i = 0; i < 50; i++) {
            String id = "together-" + i;
            assertEquals(enabled.contains(id), platform.isRunning(id), id + ": the platform runs what the database enabled");
        }
        stopAll("together-");
    }

    /**
     * A batch of starts takes its locks first, in the order of every transaction. A licence that reaches
     * memory after that (its upload committed in between) is never locked by a start of the batch: a
     * renewal holding that licence's row waits for the batch's rows, so waiting for the licence would close
     * a circle (PostgreSQL found one under the mixed load below). The start fails at once as a lost race,
     * and the batch is decided again start by start.
     */
    @Test
    void aStartInABatchNeverWaitsForALicenceTheBatchDidNotLockFirst() throws Exception {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        String licence = install(request(nextId(), 2).issued(issued));
        TestIntegration late = integration("late-1", "sn-late", "jira-late-1");
        platform.start(late);
        io.tally.license.points.Pair pair = io.tally.license.points.Pair.of(late.systemA(), late.systemB());
        boolean h2 = onH2();
        Meeting meeting = new Meeting();
        try (meeting) {
            // memory without the licence, as between a removal's commit and the next upload's
            catalogue.replace(catalogue.all().stream().filter(l -> !l.id().equals(licence)).toList());
            Future<io.tally.license.points.Grant> batch = holdingLocks(meeting, "the batch took its locks",
                    () -> allocator.lockForStarts(List.of("late-1"), List.of(pair)), held -> allocator.start("late-1", pair, held));
            catalogue.reload(); // the licence is in memory again; the batch holds no lock on its row
            Future<?> renewal = waitingForALock(meeting.threads, h2, "the renewal waits for the batch", () -> {
                upload(request(licence, 1).issued(issued.plusSeconds(60)));
                return null;
            });
            meeting.go.countDown();
            assertLostRace(batch, "was not locked with the batch", "the start in the batch does not wait for the licence's row");
            renewal.get(1, TimeUnit.MINUTES);
        }
        assertEquals(List.of(), meeting.log.warnings(), "no deadlock, no warning");
        assertEquals(1, allocator.pointsUsedBy(licence));
        assertTrue(allocator.integration("late-1").enabled(), "the renewal to one point kept the pair's point");
        platform.disable(late);
    }

    /**
     * A removal locks the licences its pairs may move to that sort before it, then its own row. A licence
     * before it that reached memory after that (an upload committed meanwhile) is not locked later, after
     * its own row: a start holding that licence and waiting for the removed one would close a circle. The
     * move fails as a lost race, and the removal is tried again with the licence locked in order.
     */
    @Test
    void aRemovalNeverLocksALicenceBeforeItThatItDidNotLockFirst() throws Exception {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        String one = install(request(nextId(), 2).issued(issued));
        String other = install(request(nextId(), 2).issued(issued));
        String before = one.compareTo(other) < 0 ? one : other; // the licence ids' order, whatever the counter's digits
        String removed = before.equals(one) ? other : one;
        TestIntegration held = integration("failover-1", "sn-failover", "jira-failover-1");
        List<io.tally.license.licences.Licence> withoutBefore = catalogue.all().stream().filter(l -> !l.id().equals(before)).toList();
        catalogue.replace(withoutBefore); // memory without the licence before it: the pair's point is taken from the removed one
        platform.start(held);
        assertEquals(1, allocator.pointsUsedBy(removed));
        boolean h2 = onH2();
        Meeting meeting = new Meeting();
        try (meeting) {
            // as a removal does, with memory still without the licence before it
            Future<?> removal = holdingLocks(meeting, "the removal took its locks", () -> {
                io.tally.license.points.FailoverLocks failover = allocator.lockFailoverTargetsBefore(removed, catalogue.covering("servicenow", "jira"));
                licences.lockForRemoval(removed);
                return failover;
            }, failover -> {
                allocator.licenceRemoved(removed, failover);
                return null;
            });
            catalogue.reload(); // the licence before it is in memory now
            TestIntegration waiting = integration("failover-2", "sn-failover", "jira-failover-2");
            // on a thread of its own (not a batch's): locks the licence before, then waits for the removed one
            Future<?> start = waitingForALock(meeting.threads, h2, "the start waits for the removal", () -> transactions.inNew(() ->
                    allocator.start(waiting.integrationId(), io.tally.license.points.Pair.of(waiting.systemA(), waiting.systemB()))));
            meeting.go.countDown();
            assertLostRace(removal, "was not locked before it", "the removal does not lock the licence before it after its own row");
            start.get(1, TimeUnit.MINUTES);
        }
        assertEquals(List.of(), meeting.log.warnings(), "no deadlock, no warning");
        assertEquals(2, allocator.pointsUsedBy(before) + allocator.pointsUsedBy(removed), "both pairs hold a point; nothing was removed");
        installation.remove(removed); // tried in full, memory and locks in order: the pair moves to the licence before it
        assertTrue(allocator.integration("failover-1").enabled(), "moved, not disabled");
        assertEquals(2, allocator.pointsUsedBy(before));
        platform.disable(held);
        platform.disable(integration("failover-2", "sn-failover", "jira-failover-2"));
    }

    /**
     * Transactions set up to meet: two threads, the latch that lets the one holding locks go on, and the
     * log's warnings meanwhile. Closing it lets go, stops the threads and puts memory back as the database has it.
     */
    private final class Meeting implements AutoCloseable {
        final ExecutorService threads = Executors.newFixedThreadPool(2);
        final CountDownLatch go = new CountDownLatch(1);
        final LogWatch log = new LogWatch();

        @Override
        public void close() {
            go.countDown();
            threads.shutdownNow();
            log.close();
            catalogue.reload();
        }
    }

    /**
     * In a new transaction on a thread of the meeting: takes the locks, then, holding them, waits for {@code go}
     * and goes on. Returns once the locks are taken.
     */
    private <L, T> Future<T> holdingLocks(Meeting meeting, String what, java.util.function.Supplier<L> lock,
                                          java.util.function.Function<L, T> then) throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        Future<T> running = meeting.threads.submit(() -> transactions.inNew(() -> {
            L held = lock.get();
            locked.countDown();
            try {
                meeting.go.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return then.apply(held);
        }));
        assertTrue(locked.await(1, TimeUnit.MINUTES), what);
        return running;
    }

    /** Runs the work on a thread of the pool and returns once that thread waits for a lock (on H2, for its turn). */
    private Future<?> waitingForALock(ExecutorService threads, boolean h2, String what, java.util.concurrent.Callable<?> work) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Future<?> running = threads.submit(() -> {
            thread.set(Thread.currentThread());
            return work.call();
        });
        Await.until(() -> thread.get() != null && (h2 ? io.tally.license.platform.H2WriteTurns.waits(thread.get()) : lockWaits() > 0), what);
        return running;
    }

    /** The work failed at once as a lost race (a lock exception saying why), rather than waiting for a lock. */
    private static void assertLostRace(Future<?> work, String why, String what) {
        java.util.concurrent.ExecutionException lost = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> work.get(1, TimeUnit.MINUTES), what);
        assertTrue(causes(lost).stream().anyMatch(e -> e instanceof jakarta.persistence.PessimisticLockException
                && String.valueOf(e.getMessage()).contains(why)), "a lost race: " + causes(lost));
    }

    private static List<Throwable> causes(Throwable top) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable e = top; e != null && !all.contains(e); e = e.getCause()) {
            all.add(e);
        }
        return all;
    }

    private boolean onH2() throws SQLException {
        try (Connection connection = database.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("H2");
        }
    }

    /** PostgreSQL's backends waiting for a lock now. */
    private long lockWaits() {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet waiting = statement.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted")) {
            waiting.next();
            return waiting.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_locks: " + e.getMessage(), e);
        }
    }

    @Test
    void afterRenewalsRemovalsStartsStopsAndReportsAtOnceMemoryAgreesWithTheDatabase() throws Exception {
        String licence = nextId();
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        AtomicInteger issue = new AtomicInteger();
        install(request(licence, 3).issued(issued).transferredRecordsPerMonth(null));
        AtomicLong accepted = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger operations = new AtomicInteger();
        AtomicInteger licenceChanges = new AtomicInteger();
        List<TestIntegration> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(integration("mix-" + i, "sn-mix", "jira-mix-" + (i % 6)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(12);
        List<Future<?>> work = new ArrayList<>();
        LogWatch log = new LogWatch();
        try {
            for (int t = 0; t < 4; t++) {
                work.add(threads.submit(() -> {
                    while (running.get()) {
                        operations.incrementAndGet();
                        TestIntegration one = all.get(ThreadLocalRandom.current().nextInt(all.size()));
                        switch (ThreadLocalRandom.current().nextInt(3)) {
                            case 0 -> attempt(one);
                            case 1 -> platform.disable(one);
                            default -> {
                                try {
                                    licensing.transferred(one.integrationId(), 3);
                                    accepted.addAndGet(3);
                                } catch (LicenceException refused) {
                                    // not enabled at this moment
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            work.add(threads.submit(() -> {
                for (int k = 0; running.get(); k++) {
                    if (k % 5 == 4) {
                        installation.remove(licence);
                    }
                    upload(request(licence, 1 + k % 4).issued(issued.plusSeconds(issue.incrementAndGet())).transferredRecordsPerMonth(null));
                    licenceChanges.incrementAndGet();
                }
                return null;
            }));
            // the mix runs until it has done enough of everything: renewals and removals among many starts, stops and reports
            Await.until(() -> licenceChanges.get() >= 15 && operations.get() >= 1500, "15 licence changes among 1 500 operations");
        } finally {
            running.set(false);
            for (Future<?> done : work) {
                done.get(2, TimeUnit.MINUTES);
            }
            threads.shutdownNow();
            log.close();
        }
        assertEquals(List.of(), log.warnings(), "expected conflicts log no warning and no stack trace");
        assertEquals(List.of(), log.conflicts().stream().filter(line -> line.contains("40001")).toList(),
                "every transaction takes its locks in the documented order (licence, pair, integration): no deadlock");
        io.tally.license.records.RecordVerification.Result chain = recordVerification.verify();
        assertTrue(chain.intact(), "the record's chain after the mix, with its lost races and retries: " + chain.problem());
        assertTrue(chain.entries() > licenceChanges.get(), "every licence change has its entry");
        assertEquals(allocator.allocationsCounted(), allocator.pointsUsed(),
                "after renewals, removals, moves, starts and stops at once, the points-in-use rows count the allocations");

        for (IntegrationRecord record : allocator.integrations()) {
            if (record.integrationId().startsWith("mix-") && !record.enabled()) {
                String id = record.integrationId();
                assertThrows(LicenceException.class, () -> licensing.transferred(id, 1), id + " is disabled in the database");
            }
        }
        for (IntegrationRecord record : allocator.integrations()) {
            if (record.integrationId().startsWith("mix-") && !record.enabled()) {
                TestIntegration again = new TestIntegration(record.integrationId(), record.pair().first(), record.pair().second());
                if (attempt(again)) {
                    assertTrue(allocator.integration(record.integrationId()).enabled(),
                            record.integrationId() + " started, so the database must show it enabled");
                }
            }
        }
        metering.flushNow();
        assertEquals(accepted.get(), storedRecords(licence, transfers.currentMonth().toString()), "accepted records are the stored count");
    }

    private void stopAll(String prefix) {
        for (IntegrationRecord record : allocator.integrations()) {
            if (record.integrationId().startsWith(prefix) && record.enabled()) {
                platform.disable(new TestIntegration(record.integrationId(), record.pair().first(), record.pair().second()));
            }
        }
    }

    /**
     * Points used and points of the licence, as one statement sees them: a consistent view on both databases,
     * and no lock (on H2 a lock taken here, outside Tally's turns, could itself lose one of Tally's updates).
     */
    private long[] usedAndPoints(String licence) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement both = connection.prepareStatement("SELECT l.file_text, (SELECT COUNT(*) FROM point_allocation a "
                     + "WHERE a.licence_id = l.licence_id) FROM licence l WHERE l.licence_id = ?")) {
            both.setString(1, licence);
            try (ResultSet row = both.executeQuery()) {
                if (!row.next()) {
                    return new long[] {0, 0};
                }
                long points = 0;
                for (String line : row.getString(1).split("\n")) {
                    if (line.startsWith("Points: ")) {
                        points = Long.parseLong(line.substring("Points: ".length()).strip());
                    }
                }
                return new long[] {row.getLong(2), points};
            }
        }
    }

    private long storedRecords(String licence, String month) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT records FROM transfer_month WHERE licence_id = ? AND calendar_month = ?")) {
            query.setString(1, licence);
            query.setString(2, month);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private boolean storedCutOff(String licence) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT cut_off FROM transfer_month WHERE licence_id = ? AND calendar_month = ?")) {
            query.setString(1, licence);
            query.setString(2, transfers.currentMonth().toString());
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private final java.util.Set<String> tablesAway = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Every write of a transfer count fails: its table is away, as in a database restart or a failed migration. */
    private void databaseRefusesWrites() throws SQLException {
        away("transfer_month");
    }

    private void databaseAcceptsWritesAgain() throws SQLException {
        back("transfer_month");
    }

    /** The record's head row out of reach: every transaction that writes to the record fails, and rolls back. */
    private void recordRefusesWrites() throws SQLException {
        away("record_head");
    }

    private void recordAcceptsWritesAgain() throws SQLException {
        back("record_head");
    }

    private void away(String table) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " RENAME TO " + table + "_away");
            tablesAway.add(table);
        }
    }

    private void back(String table) throws SQLException {
        if (tablesAway.remove(table)) {
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + table + "_away RENAME TO " + table);
            }
        }
    }

    private void tickIgnoringFailure() {
        metering.flushNow(); // the database refuses the write; the records must stay counted
    }

    private boolean attempt(TestIntegration integration) {
        try {
            platform.start(integration);
            return true;
        } catch (LicenceException refused) {
            return false;
        }
    }

    private static TestIntegration integration(String id, String serviceNow, String jira) {
        return new TestIntegration(id, new SystemInstance("servicenow", serviceNow), new SystemInstance("jira", jira));
    }

    private LicenceRequest request(String id, int points) {
        return ItVendor.licence(id, host.addresses().all().iterator().next()).points(points);
    }

    private String install(LicenceRequest request) {
        upload(request);
        return request.build("it-vendor", Instant.now()).id();
    }

    private void upload(LicenceRequest request) {
        String id = installation.upload(vendor.bytes(request), "it").id();
        synchronized (installed) {
            if (!installed.contains(id)) {
                installed.add(id);
            }
        }
    }

    private static String nextId() {
        return "IT-FAIL-" + LICENCES.incrementAndGet();
    }

}
