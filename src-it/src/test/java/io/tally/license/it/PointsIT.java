package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.host.HostIdentity;
import io.tally.license.it.platform.EventLog;
import io.tally.license.it.platform.RecordingSwitch;
import io.tally.license.it.platform.TestClock;
import io.tally.license.it.platform.TestIntegration;
import io.tally.license.it.platform.TestPlatform;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.Metering;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.Connectors;
import io.tally.license.points.IntegrationRecord;
import io.tally.license.points.PointAllocator;
import io.tally.license.records.EntryType;
import io.tally.license.records.EntryWords;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.records.RecordQuery;
import io.tally.license.spi.DisableReason;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.Licensing;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.spi.SystemInstance;
import io.tally.license.licences.LicenceRequest;
import io.tally.license.transfers.MonthlyTransfers;
import io.tally.license.time.ClockGuard;
import io.tally.license.transfers.TransferMeters;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rules 1, 2, 6 and 7 inside the server: the real WAR plus a small test platform whose start and
 * disable methods carry Tally's bindings, connectors found by CDI and ServiceLoader, and the
 * platform's switch that Tally calls.
 */
@ExtendWith(ArquillianExtension.class)
class PointsIT {

    @Deployment
    static WebArchive tallyWithTestPlatform() {
        return TestDeployment.tallyWithTestPlatform();
    }

    static final AtomicInteger LICENCES = new AtomicInteger();

    @Inject
    TestPlatform platform;

    @Inject
    RecordingSwitch platformSwitch;

    @Inject
    EventLog events;

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
    Connectors connectors;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    Licensing licensing;

    @Inject
    TransferMeters transfers;

    @Inject
    ClockGuard clockGuard;

    @Inject
    io.tally.license.it.platform.SsoFeature sso;

    @Inject
    io.tally.license.application.Overview overview;

    @Inject
    LicensingRecord record;

    @Inject
    io.tally.license.it.platform.ChangeScans changeScans;

    @Inject
    io.tally.license.application.RecentDecisions recent;

    @jakarta.annotation.Resource(lookup = "jdbc/tally")
    javax.sql.DataSource database;

    final ItVendor vendor = ItVendor.trusted();
    final List<String> installed = new ArrayList<>();

    @BeforeEach
    void startWithoutLicences() {
        // the database is shared with the other test classes of the run: only this test's licences may give points
        licences.list().forEach(licence -> installation.remove(licence.id()));
    }

    @AfterEach
    void removeLicences() {
        assertEquals(allocator.allocationsCounted(), allocator.pointsUsed(), "every test leaves the points-in-use rows counting the allocations");
        installed.forEach(installation::remove);
        assertEquals(allocator.allocationsCounted(), allocator.pointsUsed(), "and so does every removal");
    }

    @Test
    void atItsExpiryALicencesPairsMoveWhereAFreePointIsAndTheRestAreDisabled() {
        Instant soon = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS);
        String expiring = install(request(nextId(), 3).expire(soon));
        platform.start(integration("exp-1", "sn-exp", "jira-exp-1")); // the longest-held pair
        platform.start(integration("exp-2", "sn-exp", "jira-exp-2"));
        platform.start(integration("exp-3", "sn-exp", "jira-exp-3"));
        String spare = install(request(nextId(), 1).expire(soon.plus(300, ChronoUnit.DAYS))); // covers the types, one free point
        String otherTypes = install(request(nextId(), 2).systems("servicenow", "zendesk").expire(soon.plus(300, ChronoUnit.DAYS)));
        platform.start(new TestIntegration("exp-z", new SystemInstance("servicenow", "sn-exp"), new SystemInstance("zendesk", "z-exp")));
        int from = events.events().size();

        try {
            TestClock.moveTo(soon.plusMillis(1));
            Await.until(() -> !record("exp-3").enabled(), "the expiry is handled");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }

        assertTrue(record("exp-1").enabled(), "the longest-held pair moved to the licence with a free point and keeps running");
        assertEquals(spare, record("exp-1").licenceId());
        assertTrue(platform.isRunning("exp-1"));
        for (String stopped : List.of("exp-2", "exp-3")) {
            assertEquals("LICENCE_EXPIRED", record(stopped).disabledReason(), stopped + " had nowhere to go");
            assertFalse(platform.isRunning(stopped), "the platform's switch disabled " + stopped);
        }
        assertTrue(record("exp-z").enabled(), "a licence of other types is untouched");
        assertEquals(0L, used(expiring));
        assertEquals(1L, used(spare));
        assertEquals(1L, used(otherTypes));
        assertTrue(events.events().stream().skip(from).anyMatch(e -> e instanceof LicensingEvent.PointMoved moved
                && moved.fromLicenceId().equals(expiring) && moved.toLicenceId().equals(spare)
                && (moved.first().key().equals("jira-exp-1") || moved.second().key().equals("jira-exp-1"))
                && moved.cause() == DisableReason.LICENCE_EXPIRED), events.events().toString());
        assertEquals(2, count(from, LicensingEvent.IntegrationDisabled.class));
        platform.start(integration("exp-1", "sn-exp", "jira-exp-1"));
        assertEquals(spare, record("exp-1").licenceId(), "a repeated start keeps the moved point");
        System.out.println("expiry handled " + java.time.Duration.between(soon, record("exp-3").updatedAt()).toMillis()
                + " ms after the expire instant (injected clock)");
    }

    @Test
    void inItsGraceALicenceKeepsItsRunningPairsGivesNoNewPointAndEndsWhenTheGraceEnds() {
        Instant soon = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS);
        String licence = install(request(nextId(), 3).expire(soon).graceDays(5));
        platform.start(integration("grace-1", "sn-g", "jira-g-1"));

        try {
            TestClock.moveTo(soon.plusSeconds(1));
            platform.start(integration("grace-1", "sn-g", "jira-g-1")); // a repeated start
            platform.start(integration("grace-2", "sn-g", "jira-g-1")); // another integration on the held pair
            LicenceException refused = assertThrows(LicenceException.class, () -> platform.start(integration("grace-3", "sn-g", "jira-g-3")));
            assertEquals("licence-not-valid", refused.code());
            assertTrue(refused.getMessage().contains("in grace"), refused.getMessage());
            assertEquals(1L, used(licence));
            assertEquals("IN_GRACE", licences.list().stream().filter(l -> l.id().equals(licence)).findFirst().orElseThrow().status().name());

            TestClock.moveTo(soon.plus(5, ChronoUnit.DAYS).plusSeconds(1));
            Await.until(() -> !record("grace-1").enabled(), "the end of the grace is the licence's expiry");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals("LICENCE_EXPIRED", record("grace-2").disabledReason());
        assertEquals(0L, used(licence));
    }

    @Test
    void aPerpetualLicenceKeepsWorkingPastItsExpiryForThisBuild() {
        Instant maintenanceEnds = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS);
        String licence = install(request(nextId(), 2).kind(io.tally.license.licences.LicenceKind.PERPETUAL).expire(maintenanceEnds));
        platform.start(integration("perp-1", "sn-p", "jira-p-1"));

        try {
            TestClock.moveTo(maintenanceEnds.plus(30, ChronoUnit.DAYS));
            platform.start(integration("perp-2", "sn-p", "jira-p-2"));
            assertTrue(record("perp-1").enabled(), "no expiry takes its pairs");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals(2L, used(licence));
    }

    @Test
    void anExpiryWarningFiresOnceForTheNearestThresholdStoredAndAgainWhenTheNextIsPassed() throws Exception {
        Instant expire = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(10, ChronoUnit.DAYS).plusSeconds(3600);
        int from = events.events().size();
        String licence = install(request(nextId(), 1).expire(expire));

        Await.until(() -> approaching(from, licence).size() == 1, "the 15-day warning fires (the 30-day one is passed already)");
        assertEquals(10, approaching(from, licence).get(0).daysLeft());
        assertEquals(1, firedWarnings(licence), "stored, so that no restart or other node fires it again");
        try {
            TestClock.moveTo(expire.minus(2, ChronoUnit.DAYS));
            // a minute, kept as a margin: the 45 s stalls of 2026-11-28 were the month's close (this jump crosses a month's end on some
            // days) reading the record backwards on the thread the expiry tick shared; the reads are windows now, and the tick has a thread
            Await.until(() -> approaching(from, licence).size() == 2, "the 5-day warning fires", java.time.Duration.ofSeconds(60));
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals(1, approaching(from, licence).get(1).daysLeft());
        assertEquals(2, firedWarnings(licence));
    }

    /**
     * The expiry tick has a thread of its own: a platform slow in its observer of a month's close (or a
     * flush waiting for the database) holds up the flushes, not the expiries. The scheduler ran both on
     * one thread before, and an expiry waited for the month's close to end.
     */
    @Test
    void anExpiryIsEnforcedWhileThePlatformsObserverOfAMonthsCloseHoldsUpTheFlush() throws Exception {
        YearMonth month = transfers.currentMonth();
        Instant nextMonth = transfers.startOf(month.plusMonths(1));
        String licence = install(request(nextId(), 1).expire(nextMonth.plus(1, ChronoUnit.HOURS)));
        platform.start(integration("held-1", "sn-held", "jira-held-1"));
        licensing.transferred("held-1", 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = events.holdNext(LicensingEvent.TransferMonthStarted.class, release);
        try {
            TestClock.moveTo(nextMonth.plusSeconds(60));
            assertTrue(held.await(20, java.util.concurrent.TimeUnit.SECONDS), "the month's close reaches the platform, which takes its time");
            TestClock.moveTo(nextMonth.plus(1, ChronoUnit.HOURS).plusSeconds(1));
            Await.until(() -> !record("held-1").enabled(), "the licence's expiry is enforced while the flush waits for the platform");
        } finally {
            release.countDown();
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals("LICENCE_EXPIRED", record("held-1").disabledReason());
        assertEquals(0L, used(licence));
    }

    private List<LicensingEvent.ExpiryApproaching> approaching(int from, String licence) {
        return events.events().stream().skip(from).filter(LicensingEvent.ExpiryApproaching.class::isInstance)
                .map(LicensingEvent.ExpiryApproaching.class::cast).filter(e -> e.licenceId().equals(licence)).toList();
    }

    /** The thresholds fired (the table also keeps a licence's other once-only moments, under negative numbers). */
    private int firedWarnings(String licence) {
        return rows("SELECT COUNT(*) FROM expiry_warning WHERE licence_id = ? AND warning_key NOT LIKE '%#-%'", licence);
    }

    /** H2 or PostgreSQL: the printed figures name the database they were measured on. */
    private String databaseName() throws java.sql.SQLException {
        try (var connection = database.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        }
    }

    /** A count of a licence's rows, read in the database. */
    private int rows(String countOfALicence, String licence) {
        try (var connection = database.getConnection(); var count = connection.prepareStatement(countOfALicence)) {
            count.setString(1, licence);
            try (var result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRenewalStartingLaterWaitsAsPendingAndTakesOverAtItsStart() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String licence = nextId();
        install(request(licence, 2).issued(now.minusSeconds(60)).expire(now.plus(30, ChronoUnit.DAYS)));
        platform.start(integration("pend-1", "sn-pend", "jira-pend-1"));
        platform.start(integration("pend-2", "sn-pend", "jira-pend-2"));
        Instant start = now.plus(2, ChronoUnit.HOURS);

        upload(request(licence, 1).issued(now).start(start).expire(start.plus(365, ChronoUnit.DAYS)));

        io.tally.license.licences.service.InstalledLicence installed = licences.list().stream().filter(l -> l.id().equals(licence)).findFirst().orElseThrow();
        assertEquals(2, installed.licence().points(), "the installed licence stays in force until the renewal's start");
        assertEquals("VALID", installed.status().name());
        assertEquals(start, installed.pending().start());
        assertTrue(record("pend-2").enabled());
        try {
            TestClock.moveTo(start.plusSeconds(1));
            Await.until(() -> !record("pend-2").enabled(), "the renewal takes over at its start");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals(1, licences.list().stream().filter(l -> l.id().equals(licence)).findFirst().orElseThrow().licence().points());
        assertTrue(record("pend-1").enabled(), "the longest-held pair keeps its point");
        assertEquals("LICENCE_RENEWED", record("pend-2").disabledReason());
        assertEquals(1L, used(licence));
    }

    @Test
    void aRenewalRaisingTheCapMidMonthLiftsTheCutOffAndNamesWhatItDisabled() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String licence = nextId();
        install(request(licence, 2).transferredRecordsPerMonth(10L).issued(now.minusSeconds(60)));
        platform.start(integration("lift-1", "sn-lift", "jira-lift"));
        int from = events.events().size();
        licensing.transferred("lift-1", 12);
        Await.until(() -> !record("lift-1").enabled(), "the cut-off disables lift-1");

        upload(request(licence, 2).transferredRecordsPerMonth(1000L).issued(now));

        Await.until(() -> count(from, LicensingEvent.TransferCapLifted.class) == 1, "the cut-off is lifted");
        LicensingEvent.TransferCapLifted lifted = events.events().stream().skip(from).filter(LicensingEvent.TransferCapLifted.class::isInstance)
                .map(LicensingEvent.TransferCapLifted.class::cast).findFirst().orElseThrow();
        assertEquals(List.of("lift-1"), lifted.disabledByCap(), "named for the platform to restart");
        assertEquals(12, lifted.records());
        platform.start(integration("lift-1", "sn-lift", "jira-lift"));
        licensing.transferred("lift-1", 5);
        assertEquals(17, transfers.meter(licence).records());
    }

    @Test
    void aCapacityAlertFiresOnceWhenFourOfFivePointsAreInUse() {
        String licence = install(5, Instant.now().plus(30, ChronoUnit.DAYS));
        int from = events.events().size();
        for (int i = 1; i <= 4; i++) {
            platform.start(integration("alert-" + i, "sn-alert", "jira-alert-" + i));
        }

        Await.until(() -> count(from, LicensingEvent.CapacityAlert.class) >= 1, "the 80 % alert");
        LicensingEvent.CapacityAlert alert = events.events().stream().skip(from).filter(LicensingEvent.CapacityAlert.class::isInstance)
                .map(LicensingEvent.CapacityAlert.class::cast).filter(a -> a.licenceId().equals(licence)).findFirst().orElseThrow();
        assertEquals(new LicensingEvent.CapacityAlert(licence, "points", 4, 5, 80), alert);
        metering.flushNow();
        assertEquals(1, events.events().stream().skip(from).filter(e -> e.equals(alert)).count(), "once");
    }

    @Test
    void aCapacityAlertAnotherNodeRaisedIsNotRaisedAgainOnThisOne() throws Exception {
        String raisedElsewhere = install(5, Instant.now().plus(30, ChronoUnit.DAYS));
        try (var connection = database.getConnection();
             var claim = connection.prepareStatement("INSERT INTO capacity_alert (alert_key, licence_id, raised_at) VALUES (?, ?, ?)")) {
            claim.setString(1, raisedElsewhere + "#points"); // as another node (or this one before a restart) stored it
            claim.setString(2, raisedElsewhere);
            claim.setLong(3, System.currentTimeMillis());
            claim.executeUpdate();
        }
        int from = events.events().size();
        for (int i = 1; i <= 4; i++) {
            platform.start(integration("elsewhere-" + i, "sn-elsewhere", "jira-elsewhere-" + i));
        }
        // a licence of other types reaching its share afterwards: the tick that raises its alert has seen both
        String control = install(request(nextId(), 5).systems("servicenow", "zendesk").expire(Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        for (int i = 1; i <= 4; i++) {
            platform.start(new TestIntegration("control-" + i, new SystemInstance("servicenow", "sn-control"), new SystemInstance("zendesk", "z-control-" + i)));
        }

        Await.until(() -> alerts(from, control) == 1, "the control licence's alert");
        assertEquals(0, alerts(from, raisedElsewhere), "raised by another node: not fired here");
        assertEquals(1, recorded(control, EntryType.CAPACITY_ALERT));
        assertEquals(0, recorded(raisedElsewhere, EntryType.CAPACITY_ALERT));
    }

    @Test
    void aCapacityAlertFiresAgainOnlyAfterItsShareFellBelowAndGoesWithItsLicence() throws Exception {
        String licence = install(5, Instant.now().plus(30, ChronoUnit.DAYS));
        int from = events.events().size();
        for (int i = 1; i <= 4; i++) {
            platform.start(integration("again-" + i, "sn-again", "jira-again-" + i));
        }
        Await.until(() -> alerts(from, licence) == 1, "the 80 % alert");
        assertEquals(1, claims(licence));

        platform.disable(integration("again-4", "sn-again", "jira-again-4")); // 3 of 5: below 80 %
        Await.until(() -> claims(licence) == 0, "the alert is cleared once the share fell below");
        platform.start(integration("again-4", "sn-again", "jira-again-4"));
        Await.until(() -> alerts(from, licence) == 2, "the next crossing fires anew");
        assertEquals(2, recorded(licence, EntryType.CAPACITY_ALERT));
        assertEquals(List.of("Licence " + licence + " uses 4 of its 5 points (alert at 80 %)"),
                record.newestFirst(new RecordQuery(licence, EntryType.CAPACITY_ALERT, null, null), null, 1).stream().map(EntryWords::describe).toList());

        installation.remove(licence);
        installed.remove(licence);
        assertEquals(0, claims(licence), "a removed licence's alerts go with it");
    }

    @Test
    void theRecentDecisionsAreReadFromTheRecordSoEveryNodeShowsWhatAnyNodeDecided() {
        String licence = install(2, Instant.now().plus(30, ChronoUnit.DAYS));
        // an entry no event of this node announced: what another node's transaction wrote to the shared record
        record.appendAlone(Fact.of(EntryType.INTEGRATION_DISABLED, licence).with("integration", "decided-elsewhere")
                .with("reason", DisableReason.LICENCE_REMOVED.name()).with("detail", "licence " + licence + " was removed on node 2"));
        platform.start(integration("decided-here", "sn-decided", "jira-decided"));
        platform.disable(integration("decided-here", "sn-decided", "jira-decided")); // an administrator's stop: not a decision of Tally's

        List<String> words = recent.newestFirst().stream().map(io.tally.license.application.RecentDecisions.Decision::words).toList();
        assertEquals("Integration decided-elsewhere disabled: licence " + licence + " was removed on node 2", words.get(0), words.toString());
    }

    private long alerts(int from, String licence) {
        return events.events().stream().skip(from).filter(LicensingEvent.CapacityAlert.class::isInstance)
                .map(LicensingEvent.CapacityAlert.class::cast).filter(alert -> alert.licenceId().equals(licence)).count();
    }

    private int recorded(String licence, EntryType type) {
        return record.newestFirst(new RecordQuery(licence, type, null, null), null, 100).size();
    }

    private int claims(String licence) {
        return rows("SELECT COUNT(*) FROM capacity_alert WHERE licence_id = ?", licence);
    }

    /** Not a timed assertion: it checks the outcome and prints the time, which the README reports. */
    @Test
    void theExpiryOfALicenceHoldingTenThousandPairsDisablesEveryOne() throws Exception {
        int pairs = 10_000;
        Instant expire = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS);
        String licence = install(request(nextId(), pairs).systems("bulk-a", "bulk-b").expire(expire));
        holdPairs(licence, "bulk-", pairs);
        assertEquals((long) pairs, used(licence));

        long began;
        long took;
        try {
            TestClock.moveTo(expire.plusMillis(1));
            began = System.nanoTime();
            Await.until(() -> used(licence) == 0, "every pair loses its point", java.time.Duration.ofMinutes(2));
            took = System.nanoTime() - began;
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            try (var enabled = statement.executeQuery("SELECT COUNT(*) FROM integration WHERE integration_id LIKE 'bulk-%' AND enabled = TRUE")) {
                enabled.next();
                assertEquals(0, enabled.getInt(1), "every integration is disabled");
            }
            statement.executeUpdate("DELETE FROM integration WHERE integration_id LIKE 'bulk-%'"); // the other tests read every integration
        }
        System.out.println("expiry of a licence holding " + pairs + " pairs: " + java.time.Duration.ofNanos(took).toMillis()
                + " ms from the instant to every point released (" + databaseName() + ", injected clock)");
    }

    /**
     * A licence's removal works out the changes of its transaction no more often with thousands of pairs
     * than with ten. Each time walks every row the transaction holds: done once per moved pair and before
     * each query, a removal's time grew with the square of its pairs (20 000 pairs, half of them moving,
     * took 43 s on H2 against 9 s now), and the node's starts and stops waited for it all that time.
     */
    @Test
    void aLicencesRemovalWorksOutItsChangesNoMoreOftenWithFiveThousandPairsThanWithTen() throws Exception {
        int withTen = changeScansOfARemoval(10);
        int withFiveThousand = changeScansOfARemoval(5_000);
        assertTrue(withFiveThousand <= withTen, "change calculations in the removal's transaction: " + withFiveThousand + " with 5 000 pairs, "
                + withTen + " with ten"); // the ten may have a licence's month to read that a timer read for the 5 000 already
        // 150 pairs: few enough that the change log writes a row per integration (150), each statement without a flush of its own;
        // one more calculation at most, for that licence's month (read by the removal or already by a timer)
        int withHundredFifty = changeScansOfARemoval(150);
        assertTrue(withHundredFifty <= withTen + 1, "change calculations: " + withHundredFifty + " with 150 pairs, " + withTen + " with ten");
    }

    /** Removes a licence holding {@code pairs} pairs while another has points for half of them: half move, half are disabled. */
    private int changeScansOfARemoval(int pairs) throws Exception {
        String removed = install(request(nextId(), pairs).systems("bulk-a", "bulk-b"));
        String remaining = install(request(nextId(), pairs / 2).systems("bulk-a", "bulk-b"));
        String prefix = "scan-" + pairs + "-";
        holdPairs(removed, prefix, pairs);
        try {
            int scans = changeScans.mostInOneTransaction(() -> installation.remove(removed));
            installed.remove(removed);
            assertEquals(pairs / 2, used(remaining), "half the pairs moved to the licence with free points");
            assertEquals(pairs / 2, rows("SELECT COUNT(*) FROM integration WHERE integration_id LIKE '" + prefix + "%' AND enabled = TRUE AND licence_id = ?",
                    remaining), "their integrations stay enabled under it");
            assertEquals(pairs / 2, rows("SELECT COUNT(*) FROM integration WHERE integration_id LIKE '" + prefix + "%' AND enabled = FALSE AND disabled_reason = ?",
                    "LICENCE_REMOVED"), "the others are disabled");
            return scans;
        } finally {
            installation.remove(remaining);
            installed.remove(remaining);
            try (var connection = database.getConnection(); var statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM integration WHERE integration_id LIKE '" + prefix + "%'"); // the other tests read every integration
            }
        }
    }

    @Test
    void aRemovedLicencesPairsMoveToAnotherLicenceWithFreePoints() {
        String removed = install(request(nextId(), 2).expire(Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        platform.start(integration("mv-1", "sn-mv", "jira-mv-1"));
        platform.start(integration("mv-2", "sn-mv", "jira-mv-1")); // same pair
        String remaining = install(request(nextId(), 1).expire(Instant.now().plus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        int from = events.events().size();

        installation.remove(removed);
        installed.remove(removed);

        assertEquals(remaining, record("mv-1").licenceId());
        assertEquals(remaining, record("mv-2").licenceId());
        assertTrue(record("mv-1").enabled() && record("mv-2").enabled());
        assertEquals(1L, used(remaining));
        assertEquals(0, count(from, LicensingEvent.IntegrationDisabled.class));
        assertEquals(1, count(from, LicensingEvent.PointMoved.class));
    }

    @Test
    void aLicenceStartingLaterIsNotYetValidAndGivesPointsFromItsStartWithoutARestart() {
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(2, ChronoUnit.HOURS);
        String licence = install(request(nextId(), 1).start(later).expire(later.plus(30, ChronoUnit.DAYS)));
        assertEquals("NOT_YET_VALID", licences.list().stream().filter(l -> l.id().equals(licence)).findFirst().orElseThrow().status().name());
        LicenceException early = assertThrows(LicenceException.class, () -> platform.start(integration("later-1", "sn-l", "jira-l")));
        assertEquals("licence-not-valid", early.code());

        try {
            TestClock.moveTo(later.plusSeconds(1));
            platform.start(integration("later-1", "sn-l", "jira-l"));
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals(licence, record("later-1").licenceId());
    }

    @Test
    void aClockTurnedBackStopsNewStartsButNotRunningIntegrationsUntilItIsRightAgain() {
        String licence = install(3, Instant.now().plus(30, ChronoUnit.DAYS));
        platform.start(integration("clock-1", "sn-c", "jira-c-1"));
        clockGuard.recordInNewTransaction(); // the latest time seen: now

        try {
            TestClock.moveTo(Instant.now().minus(1, ChronoUnit.HOURS));
            LicenceException refused = assertThrows(LicenceException.class, () -> platform.start(integration("clock-2", "sn-c", "jira-c-2")));
            assertEquals("clock-behind", refused.code());
            assertTrue(refused.getMessage().contains("earlier than"), refused.getMessage());
            assertTrue(overview.clockBehind().isPresent(), "the page's banner");
            platform.start(integration("clock-1", "sn-c", "jira-c-1")); // running: keeps running
            licensing.transferred("clock-1", 5);
            TestClock.moveTo(Instant.now().minus(2, ChronoUnit.MINUTES)); // within the tolerance: NTP, leap smearing
            platform.start(integration("clock-2", "sn-c", "jira-c-2"));
        } finally {
            TestClock.reset();
        }
        assertTrue(overview.clockBehind().isEmpty(), "caught up: everything resumes by itself");
        platform.start(integration("clock-3", "sn-c", "jira-c-3"));
        assertEquals(3L, used(licence));
    }

    @Test
    void aFeatureGuardedByACapabilityRunsOnlyWhileAValidLicenceGrantsIt() {
        LicenceException missing = assertThrows(LicenceException.class, () -> sso.logIn("jane"));
        assertEquals("capability-missing", missing.code());
        assertTrue(missing.getMessage().contains("'sso'"), missing.getMessage());
        assertFalse(licensing.hasCapability("sso"));

        String granting = install(request(nextId(), 1).capabilities(List.of("sso", "audit")).expire(Instant.now().plus(9, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        assertEquals("welcome jane", sso.logIn("jane"), "granted at the upload, without a restart");
        assertEquals(java.util.Set.of("audit", "sso"), licensing.capabilities());

        installation.remove(granting);
        installed.remove(granting);
        assertThrows(LicenceException.class, () -> sso.logIn("jane"), "gone with the licence");
    }

    @Test
    void firstPairTakesAPointAndASecondPairNeedsASecond() {
        String licence = install(1, Instant.now().plus(30, ChronoUnit.DAYS));

        platform.start(integration("ref-1", "sn-1", "jira-1"));
        assertTrue(platform.isRunning("ref-1"));
        assertEquals(1L, used(licence));

        LicenceException refused = assertThrows(LicenceException.class, () -> platform.start(integration("ref-2", "sn-1", "jira-2")));
        assertEquals("no-free-point", refused.code());
        assertFalse(platform.isRunning("ref-2"), "the start method must not run without a point");
        String message = refused.getMessage();
        assertTrue(message.contains("jira") && message.contains("servicenow"), message);
        assertTrue(message.contains("servicenow#sn-1") && message.contains("jira#jira-2"), message);
        assertTrue(message.contains(licence + " (1/1 points used)"), message);
    }

    @Test
    void reversedPairAndFurtherIntegrationsCostNoPointAndTheLastStopReleasesIt() {
        String licence = install(1, Instant.now().plus(30, ChronoUnit.DAYS));
        TestIntegration forward = integration("rev-1", "sn-1", "jira-1");
        TestIntegration reversed = new TestIntegration("rev-2", new SystemInstance("jira", "jira-1"), new SystemInstance("servicenow", "sn-1"));

        platform.start(forward);
        platform.start(reversed);
        platform.start(forward); // a repeated start of an enabled integration
        assertEquals(1L, used(licence));

        platform.disable(forward);
        assertEquals(1L, used(licence), "the pair still has an enabled integration");
        platform.disable(reversed);
        assertEquals(0L, used(licence));
        assertTrue(events.events().contains(new LicensingEvent.PointReleased(licence, new SystemInstance("jira", "jira-1"), new SystemInstance("servicenow", "sn-1"))));
    }

    @Test
    void failingStartMethodGivesThePointBack() {
        String licence = install(1, Instant.now().plus(30, ChronoUnit.DAYS));
        platform.failNextStartOf("fail-1");

        assertThrows(IllegalStateException.class, () -> platform.start(integration("fail-1", "sn-1", "jira-1")));

        assertEquals(0L, used(licence));
        assertFalse(record("fail-1").enabled());
    }

    @Test
    void removalReleasesThePointsAndDisablesTheIntegrationsThroughTheSwitch() {
        String licence = install(2, Instant.now().plus(30, ChronoUnit.DAYS));
        platform.start(integration("rm-1", "sn-1", "jira-1"));
        platform.start(integration("rm-2", "sn-1", "jira-2"));

        installation.remove(licence);
        installed.remove(licence);

        assertTrue(platformSwitch.calls().contains(new RecordingSwitch.Call("rm-1", DisableReason.LICENCE_REMOVED, "Licence " + licence + " was removed.")));
        assertTrue(platformSwitch.calls().contains(new RecordingSwitch.Call("rm-2", DisableReason.LICENCE_REMOVED, "Licence " + licence + " was removed.")));
        assertFalse(platform.isRunning("rm-1"));
        assertEquals("LICENCE_REMOVED", record("rm-2").disabledReason());
        assertEquals(0L, used(licence));
        assertTrue(events.events().stream().anyMatch(e -> e instanceof LicensingEvent.IntegrationDisabled d
                && d.integrationId().equals("rm-1") && d.reason() == DisableReason.LICENCE_REMOVED));
    }

    @Test
    void renewalWithFewerPointsKeepsTheLongestHeldPair() {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String licence = nextId();
        upload(request(licence, 2).issued(issued));
        platform.start(integration("renew-old", "sn-1", "jira-1"));
        platform.start(integration("renew-new", "sn-1", "jira-2"));

        upload(request(licence, 1).issued(issued.plusSeconds(10)));

        assertTrue(record("renew-old").enabled());
        assertEquals("LICENCE_RENEWED", record("renew-new").disabledReason());
        assertTrue(platformSwitch.calls().stream().anyMatch(c -> c.integrationId().equals("renew-new") && c.reason() == DisableReason.LICENCE_RENEWED));
        assertEquals(1L, used(licence));
    }

    @Test
    void expiringLastLicenceGivesThePoint() {
        String soon = install(1, Instant.now().plus(10, ChronoUnit.DAYS));
        String later = install(1, Instant.now().plus(300, ChronoUnit.DAYS));

        platform.start(integration("choice-1", "sn-1", "jira-1"));

        assertEquals(later, record("choice-1").licenceId());
        assertEquals(0L, used(soon));
    }

    @Test
    void startOfATypeNoConnectorDeclaresIsRefused() {
        install(1, Instant.now().plus(30, ChronoUnit.DAYS));

        LicenceException refused = assertThrows(LicenceException.class, () -> platform.start(
                new TestIntegration("typo-1", new SystemInstance("servicenow", "sn-1"), new SystemInstance("jirra", "j-1"))));
        assertEquals("unknown-system-type", refused.code());
    }

    @Test
    void theHotPathKnowsALicenceOnceItsUploadCommitsAndForgetsItOnRemoval() {
        String licence = install(1, Instant.now().plus(30, ChronoUnit.DAYS));
        assertTrue(catalogue.usable(licence, Instant.now()));

        installation.remove(licence);
        installed.remove(licence);
        assertFalse(catalogue.usable(licence, Instant.now()));
    }

    @Test
    void referenceExampleThroughTheSpiWarnsAt100AndDisablesAfter110() {
        String licence = install(request(nextId(), 1).transferredRecordsPerMonth(100L));
        platform.start(integration("cap-1", "sn-1", "jira-1"));
        int eventsBefore = events.events().size();

        for (int record = 1; record <= 99; record++) {
            licensing.transferred("cap-1", 1);
        }
        assertEquals(0, count(eventsBefore, LicensingEvent.TransferCapReached.class), "no warning at 99");
        licensing.transferred("cap-1", 1);
        Await.until(() -> count(eventsBefore, LicensingEvent.TransferCapReached.class) == 1, "the warning at 100");
        for (int record = 101; record <= 110; record++) {
            licensing.transferred("cap-1", 1);
        }
        assertTrue(platform.isRunning("cap-1"), "still running at 110");
        assertEquals(0, count(eventsBefore, LicensingEvent.TransferCapExceeded.class));

        licensing.transferred("cap-1", 1); // the 111th: counted, and the licence is cut off
        assertEquals("transfer-cap-exceeded", assertThrows(LicenceException.class, () -> licensing.transferred("cap-1", 1)).code(),
                "refused at once, on the reporting thread's own decision");
        Await.until(() -> !platform.isRunning("cap-1"), "the cut-off disables the integration");
        Await.until(() -> count(eventsBefore, LicensingEvent.TransferCapExceeded.class) == 1, "the cut-off is announced");

        assertEquals(1, count(eventsBefore, LicensingEvent.TransferCapReached.class), "one warning");
        assertEquals(1, count(eventsBefore, LicensingEvent.TransferCapExceeded.class), "one cut-off");
        assertFalse(platform.isRunning("cap-1"));
        assertTrue(platformSwitch.calls().stream().anyMatch(c -> c.integrationId().equals("cap-1") && c.reason() == DisableReason.TRANSFER_CAP_EXCEEDED));
        assertEquals("transfer-cap-exceeded", assertThrows(LicenceException.class, () -> licensing.transferred("cap-1", 1)).code());
        assertEquals("transfer-cap-exceeded", assertThrows(LicenceException.class, () -> platform.start(integration("cap-2", "sn-2", "jira-2"))).code());
        MonthlyTransfers month = transfers.history(licence).get(0);
        assertEquals(111, month.records());
        assertEquals(MonthlyTransfers.CapState.CUT_OFF, month.state());
    }

    @Test
    void renewalAndRemovalKeepTheMonthsCountOfTheLicenceId() {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String licence = nextId();
        install(request(licence, 1).transferredRecordsPerMonth(1000L).issued(issued));
        platform.start(integration("keep-1", "sn-1", "jira-1"));
        licensing.transferred("keep-1", 50);

        install(request(licence, 1).transferredRecordsPerMonth(2000L).issued(issued.plusSeconds(10)));
        assertEquals(new MonthlyTransfers(transfers.currentMonth().toString(), 50, 2000L, 2200L, MonthlyTransfers.CapState.OK), transfers.history(licence).get(0));

        installation.remove(licence);
        install(request(licence, 1).transferredRecordsPerMonth(2000L).issued(issued.plusSeconds(20)));
        assertEquals(50, transfers.history(licence).get(0).records());
    }

    @Test
    void newMonthAllowsStartsAgainAndTellsThePlatformWhatTheCapDisabled() {
        String licence = install(request(nextId(), 1).transferredRecordsPerMonth(10L));
        platform.start(integration("month-1", "sn-1", "jira-1"));
        licensing.transferred("month-1", 12); // past 10 + 1: cut off
        Await.until(() -> !platform.isRunning("month-1"), "the cut-off disables month-1");
        assertEquals("transfer-cap-exceeded", assertThrows(LicenceException.class, () -> platform.start(integration("month-2", "sn-2", "jira-2"))).code());
        YearMonth cutOffMonth = transfers.currentMonth();
        int eventsBefore = events.events().size();
        try {
            // one minute into the next month, in the zone the months are counted in
            TestClock.moveTo(cutOffMonth.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneId.systemDefault()).toInstant().plusSeconds(60));
            metering.flushNow();

            assertTrue(events.events().stream().skip(eventsBefore).anyMatch(e -> e.equals(new LicensingEvent.TransferMonthStarted(
                    licence, cutOffMonth.plusMonths(1), 12, List.of("month-1")))), events.events().toString());
            assertFalse(platform.isRunning("month-1"), "Tally does not restart what the cap disabled");
            platform.start(integration("month-2", "sn-2", "jira-2"));
            assertTrue(platform.isRunning("month-2"));
            List<MonthlyTransfers> history = transfers.history(licence);
            assertEquals(new MonthlyTransfers(cutOffMonth.toString(), 12, 10L, 11L, MonthlyTransfers.CapState.CUT_OFF), history.get(0));
            assertEquals(new MonthlyTransfers(cutOffMonth.plusMonths(1).toString(), 0, 10L, 11L, MonthlyTransfers.CapState.OK), history.get(1));
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
    }

    @Test
    void licenceWithoutCapIsNeverLimited() {
        String licence = install(request(nextId(), 1).transferredRecordsPerMonth(null));
        platform.start(integration("free-1", "sn-1", "jira-1"));

        licensing.transferred("free-1", 1_000_000_000L);
        licensing.transferred("free-1", 1);

        assertEquals(new MonthlyTransfers(transfers.currentMonth().toString(), 1_000_000_001L, null, null, MonthlyTransfers.CapState.OK), transfers.history(licence).get(0));
    }

    @Test
    void reportsOfAnIntegrationThatIsNotEnabledAreRefused() {
        install(1, Instant.now().plus(30, ChronoUnit.DAYS));

        assertEquals("integration-not-enabled", assertThrows(LicenceException.class, () -> licensing.transferred("never-started", 1)).code());
    }

    @Test
    void connectorsAreFoundThroughCdiAndServiceLoader() {
        assertTrue(connectors.systemTypes().containsAll(List.of("servicenow", "jira", "zendesk")), connectors.systemTypes().toString());
    }

    @Test
    void fiftyConcurrentStartsOnNewPairsTakeExactlyTheLicencesPoints() throws Exception {
        // 50 pairs at once against 3 points, 10 times: exactly 3 starts succeed, exactly 3 points are taken
        startRoundsAtOnce(3, (round, i) -> integration("conc-" + round + "-" + i, "sn-" + round, "jira-" + i), 3);
    }

    @Test
    void samePairStartedManyTimesAtOnceTakesOnePoint() throws Exception {
        // 50 integrations of one pair at once against 1 point, 10 times: all start, on one point
        startRoundsAtOnce(1, (round, i) -> integration("same-" + round + "-" + i, "sn-same", "jira-same"), 50);
    }

    /** Ten rounds, each on a fresh licence with {@code points}: 50 starts released at once, counted. */
    private void startRoundsAtOnce(int points, java.util.function.BiFunction<Integer, Integer, TestIntegration> integration,
                                   int expectedStarts) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            for (int round = 0; round < 10; round++) {
                String licence = install(points, Instant.now().plus(30, ChronoUnit.DAYS));
                List<Callable<Boolean>> starts = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    TestIntegration start = integration.apply(round, i);
                    starts.add(() -> attempt(start));
                }
                assertEquals(expectedStarts, successes(threads, starts), "round " + round);
                assertEquals((long) points, used(licence), "round " + round);
                installation.remove(licence);
                installed.remove(licence);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private boolean attempt(TestIntegration integration) {
        try {
            platform.start(integration);
            return true;
        } catch (LicenceException refused) {
            return false;
        }
    }

    /** Runs the calls at once (all released by one latch) and counts the ones that returned true. */
    private static int successes(ExecutorService threads, List<Callable<Boolean>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (Callable<Boolean> call : calls) {
            results.add(threads.submit(() -> {
                go.await();
                return call.call();
            }));
        }
        go.countDown();
        int ok = 0;
        for (Future<Boolean> result : results) {
            ok += result.get() ? 1 : 0;
        }
        return ok;
    }

    /**
     * Gives the licence {@code pairs} pairs of its types with one enabled integration each ({@code prefix}
     * and a number), written straight into the database as Tally keeps them: quicker than as many starts.
     */
    private void holdPairs(String licence, String prefix, int pairs) throws java.sql.SQLException {
        try (var connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (var point = connection.prepareStatement("INSERT INTO point_allocation (pair_key, licence_id, first_type, first_key, second_type, second_key, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 var integration = connection.prepareStatement("INSERT INTO integration (integration_id, pair_key, first_type, first_key, second_type, second_key, enabled, licence_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)")) {
                for (int i = 0; i < pairs; i++) {
                    io.tally.license.points.Pair pair = io.tally.license.points.Pair.of(new SystemInstance("bulk-a", prefix + "a-" + i),
                            new SystemInstance("bulk-b", prefix + "b-" + i));
                    point.setString(1, pair.key());
                    point.setString(2, licence);
                    point.setString(3, pair.first().type());
                    point.setString(4, pair.first().key());
                    point.setString(5, pair.second().type());
                    point.setString(6, pair.second().key());
                    point.setLong(7, i);
                    point.addBatch();
                    integration.setString(1, prefix + i);
                    integration.setString(2, pair.key());
                    integration.setString(3, pair.first().type());
                    integration.setString(4, pair.first().key());
                    integration.setString(5, pair.second().type());
                    integration.setString(6, pair.second().key());
                    integration.setString(7, licence);
                    integration.setLong(8, i);
                    integration.addBatch();
                }
                point.executeBatch();
                integration.executeBatch();
            }
            try (var used = connection.prepareStatement("INSERT INTO licence_points_used (licence_id, used) VALUES (?, ?)")) {
                used.setString(1, licence); // what Tally keeps with every allocation it makes
                used.setLong(2, pairs);
                used.executeUpdate();
            }
            connection.commit();
        }
    }

    private static TestIntegration integration(String id, String serviceNow, String jira) {
        return new TestIntegration(id, new SystemInstance("servicenow", serviceNow), new SystemInstance("jira", jira));
    }

    private LicenceRequest request(String id, int points) {
        return ItVendor.licence(id, host.addresses().all().iterator().next()).points(points);
    }

    private String install(int points, Instant expire) {
        return install(request(nextId(), points).expire(expire.truncatedTo(ChronoUnit.SECONDS)));
    }

    private String install(LicenceRequest request) {
        upload(request);
        return request.build("it-vendor", Instant.now()).id();
    }

    private static String nextId() {
        return "IT-POINTS-" + LICENCES.incrementAndGet();
    }

    private long count(int from, Class<? extends LicensingEvent> type) {
        return events.events().stream().skip(from).filter(type::isInstance).count();
    }

    private void upload(LicenceRequest request) {
        String id = installation.upload(vendor.bytes(request), "it").id();
        if (!installed.contains(id)) {
            installed.add(id);
        }
    }

    private long used(String licence) {
        return allocator.pointsUsed().getOrDefault(licence, 0L);
    }

    private IntegrationRecord record(String id) {
        return allocator.integrations().stream().filter(i -> i.integrationId().equals(id)).findFirst().orElseThrow();
    }
}
