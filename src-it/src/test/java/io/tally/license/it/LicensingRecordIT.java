package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.application.BenchmarkedDecisions;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.Metering;
import io.tally.license.host.HostIdentity;
import io.tally.license.host.InstallationId;
import io.tally.license.it.TallyClient.Reply;
import io.tally.license.it.platform.TestClock;
import io.tally.license.it.platform.TestIntegration;
import io.tally.license.it.platform.TestPlatform;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.LicenceRequest;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.records.Actor;
import io.tally.license.records.Chain;
import io.tally.license.records.EntryType;
import io.tally.license.records.EntryWords;
import io.tally.license.records.ExportLine;
import io.tally.license.records.LicensingRecord;
import io.tally.license.records.PausableRecordIndex;
import io.tally.license.records.RecordIndex;
import io.tally.license.records.RecordQuery;
import io.tally.license.records.RecordVerification;
import io.tally.license.spi.Licensing;
import io.tally.license.spi.SystemInstance;
import io.tally.license.statements.StatementStore;
import io.tally.license.statements.UsageStatement;
import io.tally.license.time.ClockGuard;
import io.tally.license.transfers.TransferMeters;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rule 9, the licensing record, inside the server: each fact that changes what is licensed makes its
 * entry in the transaction that makes it true; the chain catches rows edited, removed, swapped or cut
 * off in the database itself; the API pages, filters, verifies and exports it (a million entries in one
 * stream); months close into signed usage statements.
 */
@ExtendWith(ArquillianExtension.class)
class LicensingRecordIT {

    @Deployment
    static WebArchive tallyWithTestPlatform() {
        return TestDeployment.tallyWithTestPlatform();
    }

    static final AtomicInteger LICENCES = new AtomicInteger();

    @ArquillianResource
    URL deployment;

    @Inject
    TestPlatform platform;

    @Inject
    Licensing licensing;

    @Inject
    LicenceInstallation installation;

    @Inject
    LicenceService licences;

    @Inject
    LicensingRecord record;

    @Inject
    RecordVerification verification;

    @Inject
    RecordIndex index;

    @Inject
    HostIdentity host;

    @Inject
    InstallationId installationId;

    @Inject
    StatementStore statements;

    @Inject
    TransferMeters transfers;

    @Inject
    Metering metering;

    @Inject
    io.tally.license.application.StartBatches batches;

    @Inject
    ClockGuard clockGuard;

    @Inject
    io.tally.license.application.Transactions transactions;

    @jakarta.annotation.Resource(lookup = "jdbc/tally")
    javax.sql.DataSource database;

    final ItVendor vendor = ItVendor.trusted();
    final List<String> installed = new ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void startWithoutLicences() {
        // the database is shared with the other test classes of the run: only this test's licences may give points
        licences.list().forEach(licence -> installation.remove(licence.id()));
    }

    @AfterEach
    void removeLicences() {
        installed.forEach(id -> {
            if (licences.list().stream().anyMatch(l -> l.id().equals(id))) {
                installation.remove(id);
            }
        });
    }

    @Test
    void aLicencesLifeIsRecordedFactByFactWithWhoCausedIt() throws Exception {
        Actor admin = new Actor("it-admin", "rest");
        String id = nextId();
        long start = record.head().lastSeq();
        admin.run(() -> upload(request(id, 2).transferredRecordsPerMonth(1000L)));
        JsonObject uploaded = details(only(id, EntryType.LICENCE_UPLOADED, start));
        assertEquals(2, uploaded.getInt("points"));
        assertEquals(1000, uploaded.getInt("cap"));
        assertEquals("it-vendor", uploaded.getString("keyId"));
        assertEquals("rest", uploaded.getString("via"));
        assertEquals("it-admin", only(id, EntryType.LICENCE_UPLOADED, start).actor());

        platform.start(integration("rec-1", "sn-rec", "jira-rec-1"));
        Chain.Entry taken = only(id, EntryType.POINT_TAKEN, start);
        assertEquals("platform", taken.actor());
        assertEquals(1, details(taken).getInt("pointsUsed"));
        assertEquals("rec-1", details(taken).getString("integration"));

        long before = record.head().lastSeq();
        platform.start(integration("rec-1", "sn-rec", "jira-rec-1")); // repeated: the fast path
        platform.start(integration("rec-2", "sn-rec", "jira-rec-1")); // another integration on the held pair
        assertEquals(before, record.head().lastSeq(), "starts that take no point write nothing");

        platform.start(integration("rec-3", "sn-rec", "jira-rec-3"));
        licensing.stop("rec-3");
        assertEquals(1, details(only(id, EntryType.POINT_RELEASED, start)).getInt("pointsUsed"));

        byte[] wrongHost = vendor.bytes(ItVendor.licence(id, "elsewhere.example"));
        assertThrows(LicenceRefusedException.class, () -> admin.run(() -> installation.upload(wrongHost, "it-admin")));
        Chain.Entry refused = entries(new RecordQuery(null, EntryType.UPLOAD_REFUSED, null, null), start).get(0);
        assertNull(refused.licenceId(), "a refused file names no licence of the record: its id is only what it claims");
        assertEquals("wrong-host", details(refused).getString("refusal"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wrongHost)), details(refused).getString("sha256"));
        assertFalse(refused.details().contains("Signature"), "the file itself is never kept");

        admin.run(() -> upload(request(id, 1).transferredRecordsPerMonth(2000L).issued(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(5))));
        JsonObject renewed = details(only(id, EntryType.LICENCE_RENEWED, start));
        assertEquals(2, renewed.getInt("oldPoints"));
        assertEquals(1, renewed.getInt("points"));
        assertEquals(1000, renewed.getInt("oldCap"));
        assertEquals(2000, renewed.getInt("cap"));

        admin.run(() -> {
            installation.remove(id);
            return null;
        });
        JsonObject removed = details(only(id, EntryType.LICENCE_REMOVED, start));
        assertEquals(List.of("rec-1", "rec-2"), removed.getJsonArray("integrationsDisabled").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).sorted().toList());
        assertEquals(2, entries(new RecordQuery(id, EntryType.INTEGRATION_DISABLED, null, null), start).size());
        assertTrue(EntryWords.describe(only(id, EntryType.LICENCE_UPLOADED, start)).startsWith("Licence " + id + " uploaded by it-admin: 2 points, 1000 records/month"),
                EntryWords.describe(only(id, EntryType.LICENCE_UPLOADED, start)));
        assertIntact();
    }

    @Test
    void validityGraceExpiryAndWarningsAreRecordedOnceEach() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long start = record.head().lastSeq();
        String later = upload(request(nextId(), 1).start(now.plus(1, ChronoUnit.DAYS)).expire(now.plus(100, ChronoUnit.DAYS)));
        String ending = upload(request(nextId(), 1).systems("servicenow", "zendesk").expire(now.plus(3, ChronoUnit.DAYS)).graceDays(2));
        platform.start(new TestIntegration("grace-rec", new SystemInstance("servicenow", "sn-gr"), new SystemInstance("zendesk", "z-gr")));
        Await.until(() -> !entries(new RecordQuery(ending, EntryType.EXPIRY_WARNING, null, null), start).isEmpty(), "the 5-day warning");
        assertEquals(5, details(only(ending, EntryType.EXPIRY_WARNING, start)).getInt("threshold"));
        assertTrue(entries(new RecordQuery(ending, EntryType.VALIDITY_STARTED, null, null), start).isEmpty(), "valid at upload: the upload says so");
        try {
            TestClock.moveTo(now.plus(1, ChronoUnit.DAYS).plusSeconds(5));
            Await.until(() -> !entries(new RecordQuery(later, EntryType.VALIDITY_STARTED, null, null), start).isEmpty(), "the start of validity");
            TestClock.moveTo(now.plus(3, ChronoUnit.DAYS).plusSeconds(5));
            Await.until(() -> !entries(new RecordQuery(ending, EntryType.GRACE_BEGUN, null, null), start).isEmpty(), "grace begun");
            TestClock.moveTo(now.plus(5, ChronoUnit.DAYS).plusSeconds(5));
            Await.until(() -> !entries(new RecordQuery(ending, EntryType.GRACE_ENDED, null, null), start).isEmpty(), "grace ended");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        assertEquals(List.of("grace-rec"), details(only(ending, EntryType.GRACE_ENDED, start)).getJsonArray("integrationsDisabled")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(1, entries(new RecordQuery(later, EntryType.VALIDITY_STARTED, null, null), start).size(), "once, however many ticks looked");
        assertEquals(1, entries(new RecordQuery(ending, EntryType.GRACE_BEGUN, null, null), start).size());
        assertIntact();
    }

    @Test
    void pendingRenewalsTheirTakeOverPairsMovedAtAnExpiryAndALiftedCutOffAreRecorded() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long start = record.head().lastSeq();
        String capped = upload(request(nextId(), 1).transferredRecordsPerMonth(10L).issued(now.minusSeconds(60)));
        platform.start(integration("lift-1", "sn-lift", "jira-lift-1"));
        licensing.transferred("lift-1", 12);
        Await.until(() -> !entries(new RecordQuery(capped, EntryType.CUT_OFF, null, null), start).isEmpty(), "the cut-off");
        upload(request(capped, 1).transferredRecordsPerMonth(100L).issued(now.minusSeconds(30)));
        Await.until(() -> !entries(new RecordQuery(capped, EntryType.CUT_OFF_LIFTED, null, null), start).isEmpty(), "the lifted cut-off");
        assertEquals(12, details(only(capped, EntryType.CUT_OFF_LIFTED, start)).getInt("records"));

        upload(request(capped, 3).transferredRecordsPerMonth(100L).issued(now).start(now.plus(1, ChronoUnit.DAYS)).expire(now.plus(300, ChronoUnit.DAYS)));
        assertEquals(3, details(only(capped, EntryType.RENEWAL_PENDING, start)).getInt("points"));
        String going = upload(request(nextId(), 1).systems("servicenow", "zendesk").expire(now.plus(2, ChronoUnit.DAYS)));
        platform.start(new TestIntegration("moving-1", new SystemInstance("servicenow", "sn-mv"), new SystemInstance("zendesk", "z-mv")));
        String staying = upload(request(nextId(), 1).systems("servicenow", "zendesk").expire(now.plus(200, ChronoUnit.DAYS)));
        try {
            TestClock.moveTo(now.plus(2, ChronoUnit.DAYS).plusSeconds(5));
            Await.until(() -> !entries(new RecordQuery(capped, EntryType.RENEWAL_TOOK_OVER, null, null), start).isEmpty(), "the renewal takes over");
            Await.until(() -> !entries(new RecordQuery(going, EntryType.LICENCE_EXPIRED, null, null), start).isEmpty(), "the expiry");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        JsonObject tookOver = details(only(capped, EntryType.RENEWAL_TOOK_OVER, start));
        assertEquals(1, tookOver.getInt("oldPoints"));
        assertEquals(3, tookOver.getInt("points"));
        JsonObject moved = details(only(staying, EntryType.POINT_MOVED, start));
        assertEquals(going, moved.getString("from"));
        assertEquals("LICENCE_EXPIRED", moved.getString("cause"));
        assertEquals(1, details(only(going, EntryType.LICENCE_EXPIRED, start)).getInt("pairsMoved"));
        assertIntact();
    }

    @Test
    void theCapsWarningCutOffAndClosedMonthAreRecordedAndTheMonthIsStatedSigned() throws Exception {
        long start = record.head().lastSeq();
        String id = upload(request(nextId(), 2).transferredRecordsPerMonth(10L));
        platform.start(integration("stmt-1", "sn-st", "jira-st-1"));
        platform.start(integration("stmt-2", "sn-st", "jira-st-2"));
        licensing.stop("stmt-2"); // two points at the most, one at the month's end
        licensing.transferred("stmt-1", 10);
        Await.until(() -> !entries(new RecordQuery(id, EntryType.CAP_WARNING, null, null), start).isEmpty(), "the warning's entry");
        licensing.transferred("stmt-1", 2);
        Await.until(() -> !entries(new RecordQuery(id, EntryType.CUT_OFF, null, null), start).isEmpty(), "the cut-off's entry");
        assertEquals(12, details(only(id, EntryType.CUT_OFF, start)).getInt("records"));
        Await.until(() -> !entries(new RecordQuery(id, EntryType.INTEGRATION_DISABLED, null, null), start).isEmpty(), "the cut-off disables stmt-1");
        String idle = upload(request(nextId(), 1)); // installed while running, and nothing counted on it before the month ends
        YearMonth month = transfers.currentMonth();
        try {
            TestClock.moveTo(transfers.startOf(month.plusMonths(1)).plusSeconds(60));
            metering.flushNow();
            Await.until(() -> statements.exists(id, month), "the month's statement");
            Await.until(() -> statements.exists(idle, month), "the statement of the licence installed during the month");
        } finally {
            TestClock.reset();
            TestClock.forgetTheFuture(database, clockGuard);
        }
        JsonObject closed = details(only(id, EntryType.MONTH_CLOSED, start));
        assertEquals(12, closed.getInt("records"));
        assertEquals("yes", closed.getString("cutOff"));
        assertEquals(month.plusMonths(1).toString(), details(only(id, EntryType.MONTH_STARTED, start)).getString("month"));
        assertEquals(0, details(only(idle, EntryType.MONTH_CLOSED, start)).getInt("records"), "a month closes for every licence installed in it");
        assertEquals(0, UsageStatement.verify(statements.find(idle, month).orElseThrow().text().getBytes(StandardCharsets.UTF_8),
                installationId.publicKey()).records());

        String text = statements.find(id, month).orElseThrow().text();
        UsageStatement statement = UsageStatement.verify(text.getBytes(StandardCharsets.UTF_8), installationId.publicKey());
        assertEquals(12, statement.records());
        assertEquals(10L, statement.cap());
        assertEquals(2, statement.maxPointsUsed());
        assertTrue(statement.cutOff());
        Chain.Entry last = record.entry(statement.lastRecordSeq()).orElseThrow();
        assertEquals(last.hash(), statement.lastRecordHash(), "the statement names the month's last entry");
        assertTrue(Instant.ofEpochMilli(last.at()).isBefore(transfers.startOf(month.plusMonths(1))));
        String forged = text.replace("Transferred-Records: 12", "Transferred-Records: 2");
        assertThrows(IllegalArgumentException.class, () -> UsageStatement.verify(forged.getBytes(StandardCharsets.UTF_8), installationId.publicKey()));
        int before = statements.of(id).size();
        metering.flushNow();
        assertEquals(before, statements.of(id).size(), "one statement per month");

        TallyClient admin = TallyClient.admin(deployment.toURI());
        jakarta.json.JsonArray listed = admin.get("api/licenses/" + id + "/statements").array();
        assertEquals(month.toString(), listed.getJsonObject(0).getString("month"));
        String href = listed.getJsonObject(0).getString("href");
        Reply download = admin.get(href.substring(href.indexOf("api/licenses")));
        assertEquals(200, download.status());
        assertEquals(text, download.body(), "the statement downloads as signed");
        assertTrue(download.header("Content-Disposition").contains("statement-" + id + "-" + month + ".txt"));
        assertEquals("invalid-request", admin.get("api/licenses/" + id + "/statements/last-month").code());
        assertEquals(404, admin.get("api/licenses/" + id + "/statements/1999-01").status());
    }

    @Test
    void aClockTurnedBackIsRecordedAndSoIsItsReturn() {
        long start = record.head().lastSeq();
        try {
            TestClock.moveTo(Instant.now().minus(2, ChronoUnit.HOURS));
            Await.until(() -> !entries(new RecordQuery(null, EntryType.CLOCK_BEHIND, null, null), start).isEmpty(), "the clock-behind entry");
        } finally {
            TestClock.reset();
        }
        Await.until(() -> !entries(new RecordQuery(null, EntryType.CLOCK_RIGHT, null, null), start).isEmpty(), "the clock-right entry");
        assertEquals(1, entries(new RecordQuery(null, EntryType.CLOCK_BEHIND, null, null), start).size());
    }

    @Test
    void rowsEditedRemovedSwappedOrCutOffInTheDatabaseAreCaughtAndNamed() throws Exception {
        for (int i = 0; i < 6; i++) {
            upload(request(nextId(), 1)); // entries to tamper with
        }
        long head = record.head().lastSeq();
        long k = head - 3;
        assertTrue(verification.verify().intact());

        List<Object[]> saved = rows(k - 1, head);
        try (Connection c = database.getConnection()) {
            try {
                sql(c, "UPDATE licensing_record SET actor = 'someone-else' WHERE seq = ?", k);
                assertBroken(k, "entry " + k + " was altered");
            } finally {
                restore(c, saved);
            }
            try {
                sql(c, "DELETE FROM licensing_record WHERE seq = ?", k);
                assertBroken(k + 1, "entry " + k + " is missing");
            } finally {
                restore(c, saved);
            }
            try {
                sql(c, "UPDATE licensing_record SET seq = -1 WHERE seq = ?", k);
                sql(c, "UPDATE licensing_record SET seq = ? WHERE seq = ?", k, k + 1);
                sql(c, "UPDATE licensing_record SET seq = ? WHERE seq = -1", k + 1);
                assertBroken(k, "entry " + k);
            } finally {
                restore(c, saved);
            }
            List<Object[]> tail = cutTail(c, head - 2);
            try {
                RecordVerification.Result cut = verification.verify();
                assertFalse(cut.intact());
                // "... entries N to M were removed", or, if a timer appended after the cut, "entry N to M is missing ..., found L next"
                assertTrue(cut.problem().contains("entries " + (head - 1) + " to ") || cut.problem().contains("entry " + (head - 1) + " to "),
                        cut.problem());
            } finally {
                restore(c, tail); // never leaves the shared record broken for the tests after this one
            }
        }
        assertIntact();
    }

    @Test
    void theRecordIsPagedFilteredVerifiedAndExportedOverHttpWithTheAdministratorsName() throws Exception {
        URI base = deployment.toURI();
        TallyClient admin = TallyClient.admin(base);
        String id = nextId();
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(request(id, 1))).status());
        installed.add(id);
        assertEquals(204, admin.delete("api/licenses/" + id).status());

        Reply page = admin.get("api/records?licence=" + id + "&limit=1");
        assertEquals(200, page.status(), page.body());
        JsonObject newest = page.json().getJsonArray("entries").getJsonObject(0);
        assertEquals("licence-removed", newest.getString("type"));
        assertEquals("admin", newest.getString("actor"));
        assertEquals("rest", newest.getJsonObject("details").getString("via"));
        String next = page.json().getString("next");
        assertTrue(next.contains("after=" + newest.getInt("seq")), next);
        Reply older = admin.get(next.substring(next.indexOf("api/records")));
        JsonObject uploaded = older.json().getJsonArray("entries").getJsonObject(0);
        assertEquals("licence-uploaded", uploaded.getString("type"));
        assertTrue(uploaded.getString("text").startsWith("Licence " + id + " uploaded by admin: 1 points"), uploaded.getString("text"));
        assertTrue(uploaded.getInt("seq") < newest.getInt("seq"));
        assertEquals(1, admin.get("api/records?licence=" + id + "&type=licence-removed").json().getJsonArray("entries").size());

        assertEquals("invalid-request", admin.get("api/records?type=point-stolen").code());
        assertEquals("invalid-request", admin.get("api/records?after=x").code());
        assertEquals("invalid-request", admin.get("api/records?limit=0").code());
        assertEquals("invalid-request", admin.get("api/records?from=yesterday").code());
        assertEquals(403, TallyClient.platform(base).get("api/records").status(), "the record is the administrator's");

        JsonObject verified = admin.get("api/records/verify").json();
        assertTrue(verified.getBoolean("intact"), verified.toString());

        Reply csv = admin.get("api/records/export?format=csv&licence=" + id);
        assertEquals(ExportLine.CSV_HEADER, csv.body().lines().findFirst().orElseThrow());
        assertEquals(3, csv.body().lines().count(), csv.body());
        assertEquals("invalid-request", admin.get("api/records/export?format=xml").code());

        String session = sessionCookie(base, "127.0.0.33");
        HttpResponse<java.util.stream.Stream<String>> pageExport = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(base.resolve("record-export?format=jsonl")).header("Cookie", session).build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, pageExport.statusCode(), "the page's export, for the logged-in administrator");
        Chain.Walk walk = new Chain.Walk();
        pageExport.body().forEach(line -> walk.accept(ExportLine.parseJsonl(line)));
        assertTrue(walk.intact(), walk.broken());
        assertTrue(walk.count() >= verified.getInt("entries"), walk.count() + " entries in the page's export");

        JsonObject hostInfo = admin.get("api/host").json();
        assertEquals(installationId.publicKey(), hostInfo.getString("installationKey"));
        assertTrue(admin.get("api/host/request").body().contains("Installation-Key: " + installationId.publicKey()));
    }

    /**
     * Appends write no secondary index: the record's lookups by licence, type and time are copied into
     * {@code record_index} after the entries commit. Until then, reads by licence, by type and from an
     * instant find the entries in the record itself; once copied, the same reads answer the same.
     */
    @Test
    void entriesNotYetCopiedIntoTheRecordsIndexAreFoundByLicenceTypeAndTime() {
        String id = nextId();
        upload(request(id, 5));
        platform.start(integration("idx-1", "sn-idx", "jira-idx-1"));
        Await.until(() -> index.indexedUpTo() >= record.head().lastSeq(), "every entry so far copied into the index");
        long copied = index.indexedUpTo();
        RecordQuery byLicence = new RecordQuery(id, null, null, null);
        RecordQuery pointsTaken = new RecordQuery(null, EntryType.POINT_TAKEN, null, null);
        AtomicLong firstFromNewest = new AtomicLong();
        List<Long> uncopied = PausableRecordIndex.paused(() -> {
            platform.start(integration("idx-2", "sn-idx", "jira-idx-2"));
            platform.start(integration("idx-3", "sn-idx", "jira-idx-3"));
            assertEquals(copied, index.indexedUpTo(), "nothing copied while paused");
            List<Chain.Entry> newest = record.newestFirst(byLicence, null, 10);
            assertEquals(List.of("point-taken", "point-taken", "point-taken", "licence-uploaded"), newest.stream().map(Chain.Entry::type).toList());
            assertTrue(newest.get(0).seq() > copied && newest.get(1).seq() > copied && newest.get(2).seq() <= copied,
                    "the two newest only in the record, the others in the index too: " + newest + " copied up to " + copied);
            assertEquals(List.of("idx-3", "idx-2"), record.newestFirst(pointsTaken, null, 2).stream().map(e -> details(e).getString("integration")).toList());
            assertEquals(List.of("idx-2"), record.newestFirst(pointsTaken, newest.get(0).seq(), 1).stream()
                    .map(e -> details(e).getString("integration")).toList(), "a page after a cursor among the entries not copied");
            List<Chain.Entry> inOrder = record.inOrder(byLicence, 0, 100);
            assertEquals(newest.stream().map(Chain.Entry::seq).sorted().toList(), inOrder.stream().map(Chain.Entry::seq).toList());
            assertEquals(List.of(newest.get(0).seq()), record.inOrder(byLicence, newest.get(1).seq(), 100).stream().map(Chain.Entry::seq).toList());
            firstFromNewest.set(record.firstFrom(Instant.ofEpochMilli(newest.get(0).at())));
            assertTrue(firstFromNewest.get() <= newest.get(0).seq(), "the first entry from the newest one's instant: " + firstFromNewest);
            return newest.stream().map(Chain.Entry::seq).toList();
        });
        Await.until(() -> index.indexedUpTo() >= uncopied.get(0), "the entries copied once the copying goes on");
        assertEquals(uncopied, record.newestFirst(byLicence, null, 10).stream().map(Chain.Entry::seq).toList(), "the same answer from the index");
        assertEquals(firstFromNewest.get(), record.firstFrom(Instant.ofEpochMilli(record.entry(uncopied.get(0)).orElseThrow().at())));
        assertEquals(List.of("idx-3", "idx-2"), record.newestFirst(pointsTaken, null, 2).stream().map(e -> details(e).getString("integration")).toList());
        assertIntact();
    }

    /**
     * The counts a transaction changed (the points in use) are kept for its last statement, on PostgreSQL the
     * record's append: they are written with an entry, alone when no fact was noted, the last value of a row
     * winning, and a transaction that would commit with one kept and not sent is rolled back, never losing it.
     */
    @Test
    void countsKeptForTheLastStatementAreWrittenWithTheEntryOrAloneAndNeverLost() throws Exception {
        String row = nextId();
        try (Connection c = database.getConnection()) {
            sql(c, "INSERT INTO licence_points_used (licence_id, used) VALUES (?, 0)", row);
        }
        try {
            long head = record.head().lastSeq();
            transaction.begin();
            lastWrites.set(COUNT, row, 3L);
            record.note(io.tally.license.records.Fact.of(EntryType.POINT_TAKEN, row).with("pointsUsed", 3));
            record.write();
            transaction.commit();
            assertEquals(3, used(row), "written with the entry");
            assertEquals(head + 1, record.head().lastSeq());

            transaction.begin();
            lastWrites.set(COUNT, row, 4L);
            lastWrites.set(COUNT, row, 5L);
            record.write();
            transaction.commit();
            assertEquals(5, used(row), "written alone, the row's last value");
            assertEquals(head + 1, record.head().lastSeq(), "no entry without a fact");

            transaction.begin();
            lastWrites.set(COUNT, row, 6L);
            assertThrows(jakarta.transaction.RollbackException.class, transaction::commit, "a count kept and not sent");
            assertEquals(5, used(row), "nothing of the rolled-back transaction");
            assertIntact();
        } finally {
            try (Connection c = database.getConnection()) {
                sql(c, "DELETE FROM licence_points_used WHERE licence_id = ?", row); // the allocations' count stays every licence's count
            }
        }
    }

    /**
     * A count changed earlier in a transaction wins over what a later locking read of its row brings in. A licence
     * whose points-in-use row is missing (as after an upgrade from before the row was kept: it is made from the
     * allocations when next needed) has a point released and a new pair's point taken in one transaction: the
     * stop makes the row and counts it down, and the start's lock reads the row again from the database.
     */
    @Test
    void aCountChangedEarlierInTheTransactionWinsOverALockingReadOfItsRowAfterIt() throws Exception {
        String licence = nextId();
        upload(request(licence, 5).systems("jira", "zendesk")); // types no other licence here covers: every point is this licence's
        SystemInstance jira = new SystemInstance("jira", "jira-kept");
        platform.start(new TestIntegration(licence + "-1", jira, new SystemInstance("zendesk", "z-kept-1")));
        platform.start(new TestIntegration(licence + "-2", jira, new SystemInstance("zendesk", "z-kept-2")));
        assertEquals(2, used(licence));
        try (Connection c = database.getConnection()) {
            sql(c, "DELETE FROM licence_points_used WHERE licence_id = ?", licence);
        }
        io.tally.license.points.Pair third = io.tally.license.points.Pair.of(jira, new SystemInstance("zendesk", "z-kept-3"));
        transactions.inNew(() -> {
            allocator.stop(licence + "-1");
            allocator.start(licence + "-3", third, allocator.lockForStarts(List.of(licence + "-3"), List.of(third)));
            return null;
        });
        assertEquals(2, used(licence), "one point released and one taken: the count the stop made and lowered, then raised");
        assertEquals(2L, allocator.allocationsCounted().get(licence), "the licence's allocations");
    }

    @Inject
    io.tally.license.points.PointAllocator allocator;

    private static final String COUNT = "UPDATE licence_points_used SET used = ? WHERE licence_id = ?";

    private long used(String licenceId) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT used FROM licence_points_used WHERE licence_id = ?")) {
            select.setString(1, licenceId);
            try (ResultSet used = select.executeQuery()) {
                assertTrue(used.next(), "the row of " + licenceId);
                return used.getLong(1);
            }
        }
    }

    @Inject
    io.tally.license.database.LastWrites lastWrites;

    @jakarta.annotation.Resource(lookup = "java:comp/UserTransaction")
    jakarta.transaction.UserTransaction transaction;

    @Test
    void loginsAreRecordedAndABurstOfFailuresIsOneEntryWithItsCount() {
        long start = record.head().lastSeq();
        URI base = URI.create(deployment.toString());
        String address = "127.0.0.31";
        for (int i = 0; i < 4; i++) { // under the address's free failures: the throttle is tested elsewhere
            login(base, address, "admin", "wrong-" + i);
        }
        Await.until(() -> entries(new RecordQuery(null, EntryType.LOGIN_FAILED, null, null), start).stream()
                .mapToLong(e -> details(e).getJsonNumber("count").longValue()).sum() == 4, "four failures, recorded", Duration.ofSeconds(20));
        List<Chain.Entry> failures = entries(new RecordQuery(null, EntryType.LOGIN_FAILED, null, null), start);
        assertEquals(2, failures.size(), "the first at once, the rest of the burst as one entry: " + failures);
        assertTrue(details(failures.get(0)).getJsonArray("addresses").toString().contains(address));
        assertTrue(login(base, "127.0.0.32", "admin", TallyClient.ADMIN_PASSWORD).contains("Location: /"));
        Chain.Entry login = only(null, EntryType.LOGIN, start);
        assertEquals("admin", login.actor());
        assertEquals("127.0.0.32", details(login).getString("address"));
    }

    @Test
    void aMillionEntriesExportAsOneStreamThatVerifiesAndReadNewestFirstFromAnyPoint() throws Exception {
        long rare = transactions.inNew(() -> {
            record.note(io.tally.license.records.Fact.of(EntryType.CLOCK_RIGHT, null).with("by", "a million entries ago"));
            record.write();
            return record.head().lastSeq();
        });
        long appended = appendEntries(1_000_000);
        long head = record.head().lastSeq();
        long copying = System.nanoTime();
        Await.until(() -> index.indexedUpTo() >= head, "the million entries copied into the record's index", Duration.ofMinutes(3));
        System.out.println("record's index: a million entries copied in " + (System.nanoTime() - copying) / 1_000_000 + " ms");
        newestFirstReads(head, rare);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        HttpResponse<java.io.InputStream> export = http.send(HttpRequest.newBuilder(deployment.toURI().resolve("api/records/export?format=jsonl"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (TallyClient.ADMIN + ":" + TallyClient.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, export.statusCode());
        Chain.Walk walk = new Chain.Walk();
        long bytes = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                bytes += line.length() + 1;
                assertTrue(walk.accept(ExportLine.parseJsonl(line)), walk.broken());
            }
        }
        walk.expectEnd(head, record.entry(head).orElseThrow().hash());
        assertTrue(walk.intact(), walk.broken());
        assertTrue(walk.count() >= appended, walk.count() + " entries");
        long exportMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        RecordVerification.Result verified = verification.verify();
        assertTrue(verified.intact(), verified.problem());
        System.out.println("record of " + walk.count() + " entries: export " + exportMs + " ms (" + bytes / 1_000_000 + " MB), verification "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * The record's share of a new pair's start, measured side by side in one run (printed, not
     * asserted: speed is a benchmark's business): new-pair starts that write their point-taken entry,
     * against new-pair starts with their decisions left out of the record (possible in the test
     * deployment only, see {@code BenchmarkedDecisions}). The two take turns, one start each and each
     * kind first in every other turn, so that a machine busy for a moment, or work one start leaves to the
     * next, weighs on both alike; the share printed is the median of the shares of 60 blocks of 100 turns.
     */
    @Test
    void aNewPairsStartWritesOneEntryAndTheRecordsShareOfItIsMeasured() throws Exception {
        String licence = nextId();
        upload(request(licence, 16_000)); // points enough for the warm-up's pairs and the measured ones (12 600), under the 80 % alert (whose entry would count)
        for (int i = 0; i < 300; i++) { // warm-up
            platform.start(integration("warm-" + i, "sn-bench", "jira-warm-" + i));
            startUnrecorded("warm-u-" + i);
        }
        int blocks = 60;
        int block = 100;
        long before = record.head().lastSeq();
        long recordedNs = 0;
        long unrecordedNs = 0;
        List<Double> shares = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            long recorded = 0;
            long unrecorded = 0;
            for (int i = 0; i < block; i++) { // one of each in turn: a pause of the machine falls on one start, not on one kind
                boolean recordedFirst = i % 2 == 0;
                long t0 = System.nanoTime();
                if (recordedFirst) {
                    platform.start(integration("bench-" + b + "-" + i, "sn-bench", "jira-bench-" + b + "-" + i));
                } else {
                    startUnrecorded("bench-u-" + b + "-" + i);
                }
                long t1 = System.nanoTime();
                if (recordedFirst) {
                    startUnrecorded("bench-u-" + b + "-" + i);
                } else {
                    platform.start(integration("bench-" + b + "-" + i, "sn-bench", "jira-bench-" + b + "-" + i));
                }
                long t2 = System.nanoTime();
                recorded += recordedFirst ? t1 - t0 : t2 - t1;
                unrecorded += recordedFirst ? t2 - t1 : t1 - t0;
            }
            shares.add(100.0 * (recorded - unrecorded) / recorded);
            recordedNs += recorded;
            unrecordedNs += unrecorded;
        }
        assertEquals((long) blocks * block, record.head().lastSeq() - before, "one entry per recorded new pair, none for the others");
        assertEquals(2L * (300 + blocks * block), used(licence), "the points in use counted with the entries and without them");
        int n = blocks * block;
        System.out.printf(java.util.Locale.ROOT, "new-pair start %d µs with its record entry, %d µs without: the record's share of a start %s%n",
                recordedNs / n / 1000, unrecordedNs / n / 1000, median(shares, "blocks"));
    }

    /**
     * The same share under load, as a platform's clients start integrations (printed, not asserted): 16
     * threads start new pairs at once, so that starts that arrive together are decided in one transaction
     * ({@code StartBatches}) and their entries written in one append. Rounds of recorded and of unrecorded
     * starts take turns (each kind first in every other turn), and each turn's pairs are stopped after it,
     * outside the rounds; the share printed is the median of the turns' shares of the time the recorded round
     * took, with its 95 % interval (32 turns leave it about 20 points wide; {@code -DrecordTurns=320}
     * narrows it to a few). Printed too: the same share of the server process's
     * CPU time (every thread of it: the starts, H2 or the driver, the index copy, the collector; on PostgreSQL
     * the database's own processes are not in it); work a round leaves behind (its entries' index copy, its
     * garbage) falls on the next round, of either kind alike.
     */
    @Test
    void underLoadTheRecordsShareOfNewPairStartsIsMeasuredToo() throws Exception {
        int threads = 16;
        int each = 20;
        int turns = Integer.getInteger("tally.it.record-turns", 32); // src-it's recordTurns: more for a narrower interval
        upload(request(nextId(), 2_000)); // a turn's pairs (640), stopped before the next turn, under the 80 % alert (whose entry would count)
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int w = 0; w < 40; w++) { // warm-up: with 4 rounds the first ten turns still ran slower, the recorded ones most
                startAtOnce(pool, threads, each, "lw-" + w, w % 2 == 1);
                stopAtOnce(pool, threads, each, "lw-" + w, w % 2 == 1);
            }
            long entries = 0;
            long unrecordedEntries = 0;
            long transactions = 0;
            List<Double> shares = new ArrayList<>();
            List<Double> cpuShares = new ArrayList<>();
            long recordedNs = 0;
            long unrecordedNs = 0;
            long recordedCpuNs = 0;
            long unrecordedCpuNs = 0;
            for (int t = 0; t < turns; t++) {
                boolean unrecordedFirst = t % 2 == 1;
                Round first = startAtOnce(pool, threads, each, "l-" + t + "-a", unrecordedFirst);
                Round second = startAtOnce(pool, threads, each, "l-" + t + "-b", !unrecordedFirst);
                stopAtOnce(pool, threads, each, "l-" + t + "-a", unrecordedFirst); // outside the rounds: the pairs stay few however many turns
                stopAtOnce(pool, threads, each, "l-" + t + "-b", !unrecordedFirst);
                Round recorded = unrecordedFirst ? second : first;
                Round unrecorded = unrecordedFirst ? first : second;
                entries += recorded.entries();
                unrecordedEntries += unrecorded.entries();
                transactions += recorded.transactions() + unrecorded.transactions();
                shares.add(100.0 * (recorded.ns() - unrecorded.ns()) / recorded.ns());
                cpuShares.add(100.0 * (recorded.cpuNs() - unrecorded.cpuNs()) / recorded.cpuNs());
                recordedNs += recorded.ns();
                unrecordedNs += unrecorded.ns();
                recordedCpuNs += recorded.cpuNs();
                unrecordedCpuNs += unrecorded.cpuNs();
            }
            long starts = (long) turns * threads * each;
            assertEquals(starts, entries, "one entry per recorded new pair");
            assertEquals(0, unrecordedEntries, "none for the others");
            System.out.printf(java.util.Locale.ROOT, "new-pair starts from %d threads at once: %d a second with their record entries, %d without:"
                            + " the record's share %s; %.1f starts a transaction%n", threads,
                    starts * 1_000_000_000L / recordedNs, starts * 1_000_000_000L / unrecordedNs, median(shares, "turns"),
                    2.0 * starts / Math.max(1, transactions));
            System.out.printf(java.util.Locale.ROOT, "new-pair starts from %d threads at once, the server's CPU time: %d µs a start with their record"
                            + " entries, %d µs without: the record's share %s%n", threads,
                    recordedCpuNs / starts / 1000, unrecordedCpuNs / starts / 1000, median(cpuShares, "turns"));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The median of the shares with the interval that holds the true median with 95 % confidence whatever
     * the shares' distribution (the order statistics at n/2 ± 0.98 √n): how far one run's figure can be trusted.
     */
    static String median(List<Double> shares, String what) {
        List<Double> sorted = shares.stream().sorted().toList();
        int n = sorted.size();
        int j = Math.max(1, (int) Math.floor(n / 2.0 - 0.98 * Math.sqrt(n))); // the interval: the j-th smallest to the j-th largest
        return String.format(java.util.Locale.ROOT, "%.1f %% (median of %d %s; 95 %% interval of the median %.1f to %.1f %%; all %.1f to %.1f %%)",
                n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2, n, what, sorted.get(j - 1), sorted.get(n - j),
                sorted.get(0), sorted.get(n - 1));
    }

    /** What a round of starts took: its time, the CPU time of the whole server process meanwhile, the entries and transactions it wrote. */
    private record Round(long ns, long cpuNs, long entries, long transactions) {
    }

    private static long serverCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Starts {@code threads × each} new pairs, each thread one after another, all threads released at once; returns what all took. */
    private Round startAtOnce(ExecutorService pool, int threads, int each, String prefix, boolean unrecorded) throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String thread = prefix + "-" + t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    String name = thread + "-" + i;
                    if (unrecorded) {
                        startUnrecorded(name);
                    } else {
                        platform.start(integration(name, "sn-load", "jira-" + name));
                    }
                }
                return null;
            }));
        }
        long head = record.head().lastSeq();
        long transactions = batches.transactionsCommitted();
        long cpu = serverCpuNs();
        long started = System.nanoTime();
        go.countDown();
        for (java.util.concurrent.Future<?> thread : done) {
            thread.get();
        }
        long took = System.nanoTime() - started;
        return new Round(took, serverCpuNs() - cpu, record.head().lastSeq() - head, batches.transactionsCommitted() - transactions);
    }

    /** Stops what {@link #startAtOnce} started with the same arguments, from as many threads (recorded: a stop always is). */
    private void stopAtOnce(ExecutorService pool, int threads, int each, String prefix, boolean unrecorded) throws Exception {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String thread = prefix + "-" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    String name = thread + "-" + i;
                    platform.disable(integration(name, unrecorded ? "sn-bench" : "sn-load", "jira-" + name));
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> thread : done) {
            thread.get();
        }
    }

    /**
     * Newest-first reads cost the entries they return, not the record's size (printed: a benchmark's
     * business): the newest page, a type with one entry a million entries down, and the last entry
     * before an instant (what a month's statement names). H2 reads an index one way only, so each is a
     * walk down the entry numbers in windows.
     */
    private void newestFirstReads(long head, long rare) {
        long started = System.nanoTime();
        List<Chain.Entry> newest = record.newestFirst(RecordQuery.ALL, null, 25);
        long newestUs = (System.nanoTime() - started) / 1_000;
        assertEquals(java.util.stream.LongStream.rangeClosed(head - 24, head).boxed().sorted(java.util.Comparator.reverseOrder()).toList(),
                newest.stream().map(Chain.Entry::seq).toList());
        assertEquals(List.of(head - 5, head - 6), record.newestFirst(RecordQuery.ALL, head - 4, 2).stream().map(Chain.Entry::seq).toList());
        started = System.nanoTime();
        List<Chain.Entry> rareOnes = record.newestFirst(new RecordQuery(null, EntryType.CLOCK_RIGHT, null, null), null, 1);
        long rareUs = (System.nanoTime() - started) / 1_000;
        assertEquals(List.of(rare), rareOnes.stream().map(Chain.Entry::seq).toList());
        Instant before = Instant.ofEpochMilli(record.entry(rare + 1).orElseThrow().at());
        started = System.nanoTime();
        long lastBefore = record.lastBefore(before).orElseThrow().seq();
        long lastBeforeUs = (System.nanoTime() - started) / 1_000;
        assertTrue(lastBefore <= rare, lastBefore + " is an entry of the million or after, written at " + before + " or later");
        assertEquals(record.lastBefore(Instant.now().plusSeconds(60)).orElseThrow().seq(), head);
        System.out.printf(java.util.Locale.ROOT, "record of %d entries, newest first: the newest 25 in %d µs, the one entry of a type a million"
                + " entries down in %d µs, the last entry before an instant a million entries down in %d µs%n", head, newestUs, rareUs, lastBeforeUs);
    }

    private void startUnrecorded(String name) {
        BenchmarkedDecisions.unrecorded(() -> {
            platform.start(integration(name, "sn-bench", "jira-" + name));
            return null;
        });
    }

    /** Appends entries as Tally does (the head's lock, the hash of the one before), in batches: a fixture, not a shortcut past the rules. */
    private long appendEntries(int count) throws Exception {
        int batch = 50_000;
        for (int done = 0; done < count; done += batch) {
            try (Connection c = database.getConnection()) {
                c.setAutoCommit(false);
                long seq;
                String prev;
                try (PreparedStatement head = c.prepareStatement("SELECT last_seq, last_hash FROM record_head WHERE id = 1 FOR UPDATE");
                     ResultSet row = head.executeQuery()) {
                    row.next();
                    seq = row.getLong(1);
                    prev = row.getString(2);
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO licensing_record (seq, recorded_at, actor, entry_type, licence_id, "
                        + "details, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    long at = System.currentTimeMillis();
                    for (int i = 0; i < batch; i++) {
                        Chain.Entry entry = Chain.Entry.chained(++seq, at, "load-test", EntryType.LOGIN_FAILED.code(), null,
                                "{\"count\":" + (i + 1) + ",\"addresses\":[\"192.0.2." + (i % 250) + "\"],\"via\":\"page\"}", prev);
                        insert.setLong(1, entry.seq());
                        insert.setLong(2, entry.at());
                        insert.setString(3, entry.actor());
                        insert.setString(4, entry.type());
                        insert.setString(5, null);
                        insert.setString(6, entry.details());
                        insert.setString(7, entry.prevHash());
                        insert.setString(8, entry.hash());
                        insert.addBatch();
                        prev = entry.hash();
                        if (i % 5_000 == 4_999) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement head = c.prepareStatement("UPDATE record_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
                    head.setLong(1, seq);
                    head.setString(2, prev);
                    head.executeUpdate();
                }
                c.commit();
            }
        }
        return count;
    }

    /** One walk of the chain (a message built from a second walk would double the time on a long record). */
    private void assertIntact() {
        RecordVerification.Result result = verification.verify();
        assertTrue(result.intact(), result.problem());
    }

    private void assertBroken(long seq, String why) {
        RecordVerification.Result result = verification.verify();
        assertFalse(result.intact(), "caught: " + why);
        assertEquals(seq, result.brokenAt(), result.problem());
        assertTrue(result.problem().contains(why), result.problem());
    }

    /**
     * Removes every entry after the given one, as a truncation would, and answers them for the restore. The head's
     * lock is held while they are read and removed: an entry a timer appends meanwhile would be lost to the restore.
     */
    private static List<Object[]> cutTail(Connection c, long after) throws Exception {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT last_seq FROM record_head WHERE id = 1 FOR UPDATE");
                 ResultSet locked = lock.executeQuery()) {
                assertTrue(locked.next());
            }
            List<Object[]> tail = rows(c, after + 1, Long.MAX_VALUE);
            sql(c, "DELETE FROM licensing_record WHERE seq > ?", after);
            c.commit();
            return tail;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private List<Object[]> rows(long from, long to) throws Exception {
        try (Connection c = database.getConnection()) {
            return rows(c, from, to);
        }
    }

    private static List<Object[]> rows(Connection c, long from, long to) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT seq, recorded_at, actor, entry_type, licence_id, details, prev_hash, entry_hash "
                     + "FROM licensing_record WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Object[] values = new Object[8];
                    for (int i = 0; i < 8; i++) {
                        values[i] = row.getObject(i + 1);
                    }
                    rows.add(values);
                }
            }
        }
        return rows;
    }

    /** Puts the saved rows back as they were: what an administrator with a backup would do. */
    private static void restore(Connection c, List<Object[]> rows) throws Exception {
        for (Object[] row : rows) {
            sql(c, "DELETE FROM licensing_record WHERE seq = ?", row[0]);
            sql(c, "DELETE FROM licensing_record WHERE entry_hash = ?", row[7]);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO licensing_record (seq, recorded_at, actor, entry_type, licence_id, "
                    + "details, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 8; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.executeUpdate();
            }
        }
    }

    private static void sql(Connection c, String statement, Object... parameters) throws Exception {
        try (PreparedStatement update = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    private String login(URI base, String from, String user, String password) {
        try (RawHttp client = RawHttp.connect(base, from)) {
            String form = "username=" + user + "&password=" + password + "&next=%2F";
            return client.send("POST " + base.getPath() + "login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + form.length() + "\r\n", form).answer();
        }
    }

    /** Logs in through the page's form and answers the session cookie it sets. */
    private String sessionCookie(URI base, String from) {
        String answer = login(base, from, TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        for (String line : answer.split("\r\n")) {
            if (line.regionMatches(true, 0, "Set-Cookie: ", 0, 12)) {
                return line.substring(12).split(";")[0];
            }
        }
        throw new AssertionError("no session cookie: " + answer);
    }

    /** The entries matching the query written after {@code afterSeq}, newest first. */
    private List<Chain.Entry> entries(RecordQuery query, long afterSeq) {
        return record.newestFirst(query, null, 1_000).stream().filter(e -> e.seq() > afterSeq).toList();
    }

    private Chain.Entry only(String licenceId, EntryType type, long afterSeq) {
        List<Chain.Entry> found = entries(new RecordQuery(licenceId, type, null, null), afterSeq);
        assertEquals(1, found.size(), type.code() + " of " + licenceId + ": " + found);
        assertNotNull(found.get(0).hash());
        return found.get(0);
    }

    private static JsonObject details(Chain.Entry entry) {
        return EntryWords.details(entry);
    }

    private static TestIntegration integration(String id, String serviceNow, String jira) {
        return new TestIntegration(id, new SystemInstance("servicenow", serviceNow), new SystemInstance("jira", jira));
    }

    private LicenceRequest request(String id, int points) {
        return ItVendor.licence(id, host.addresses().all().iterator().next()).points(points);
    }

    private String upload(LicenceRequest request) {
        String id = installation.upload(vendor.bytes(request), "it").id();
        if (!installed.contains(id)) {
            installed.add(id);
        }
        return id;
    }

    private static String nextId() {
        return "IT-RECORD-" + LICENCES.incrementAndGet();
    }
}
