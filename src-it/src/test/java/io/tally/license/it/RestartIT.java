package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.it.TallyClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as the README runs it (server-config/h2.asadmin, no password configured):
 * the generated administrator password, an uploaded licence, its points and its counted records survive a restart.
 */
class RestartIT {

    static final Path RUNS = Path.of(System.getProperty("tally.it.runs"));
    static final String ZENDESK_PAIR = "{\"systemA\": {\"type\": \"servicenow\", \"key\": \"sn-z\"}, \"systemB\": {\"type\": \"zendesk\", \"key\": \"%s\"}}";

    @Test
    void passwordLicencePointsAndCountsSurviveARestart() throws Exception {
        Path work = RUNS.resolve("restart");
        List<String> trustItVendor = List.of("-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath(),
                "-Dtally.platform.password=it-platform-secret");
        String password;
        Instant expire;
        try (MicroServer first = MicroServer.start(work, trustItVendor)) {
            password = generatedPassword(work);
            TallyClient admin = new TallyClient(first.base(), "admin", password);
            String host = admin.get("api/host").json().getJsonArray("addresses").getString(0);

            Reply created = admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-RESTART", host)));
            assertEquals(201, created.status(), created.body());
            TallyClient platform = TallyClient.platform(first.base());
            assertEquals(200, platform.postJson("api/integrations/restart-1/start",
                    "{\"systemA\": {\"type\": \"servicenow\", \"key\": \"sn\"}, \"systemB\": {\"type\": \"jira\", \"key\": \"j\"}}").status());
            assertEquals(200, platform.postJson("api/integrations/restart-1/transfers", "{\"records\": 7}").status());

            Path passwordFile = work.resolve("data").resolve("initial-admin-password");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwordFile),
                    "the generated password is readable by the server's account only");
            assertFalse(Files.readString(work.resolve("server.log")).contains(password), "the log says where the password is, never what");

            // a licence cut off by its cap this month, before the restart
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-RESTART-CAP", host)
                    .systems("servicenow", "zendesk").transferredRecordsPerMonth(10L))).status());
            assertEquals(200, platform.postJson("api/integrations/restart-cap-1/start", ZENDESK_PAIR.formatted("z-1")).status());
            assertEquals(200, platform.postJson("api/integrations/restart-cap-1/transfers", "{\"records\": 12}").status());
            Await.until(() -> admin.get("api/integrations").body().contains("TRANSFER_CAP_EXCEEDED"), "the cut-off disables restart-cap-1");

            // a licence that will expire while the server is down
            expire = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(15);
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-RESTART-EXP", host)
                    .systems("exp-r", "exp-s").expire(expire))).status());
            assertEquals(200, platform.postJson("api/integrations/restart-exp-1/start",
                    "{\"systemA\": {\"type\": \"exp-r\", \"key\": \"r\"}, \"systemB\": {\"type\": \"exp-s\", \"key\": \"s\"}}").status());
        }
        assertTrue(Instant.now().isBefore(expire), "the first server stopped before the licence expired");
        Instant expired = expire;
        Await.until(() -> Instant.now().isAfter(expired), "the licence's expire instant passes while Tally is down", java.time.Duration.ofSeconds(30));
        assertTrue(Files.exists(work.resolve("data").resolve("tally.mv.db")), "the H2 file lives under ./data");

        try (MicroServer second = MicroServer.start(work, trustItVendor)) {
            assertEquals(password, generatedPassword(work), "a restart must not generate a new password");
            Reply licence = new TallyClient(second.base(), "admin", password).get("api/licenses/IT-RESTART");

            assertEquals(200, licence.status(), licence.body());
            assertEquals("VALID", licence.json().getString("status"));
            assertEquals(1, licence.json().getInt("pointsUsed"), "the pair keeps its point");
            assertEquals(7, licence.json().getJsonObject("transfers").getInt("records"), "counted records survive a clean restart");
            Reply more = TallyClient.platform(second.base()).postJson("api/integrations/restart-1/transfers", "{\"records\": 1}");
            assertEquals(8, more.json().getInt("records"), "the integration is still enabled and counting: " + more.body());
            String integrations = new TallyClient(second.base(), "admin", password).get("api/integrations").body();
            assertTrue(integrations.contains("\"disabledReason\":\"LICENCE_EXPIRED\",\"id\":\"restart-exp-1\""),
                    "an expiry missed while down is handled at the next start: " + integrations);
            Reply afterCutOff = TallyClient.platform(second.base()).postJson("api/integrations/restart-cap-2/start", ZENDESK_PAIR.formatted("z-2"));
            assertEquals(403, afterCutOff.status(), "a cut-off licence gives no point after a restart either: " + afterCutOff.body());
            assertEquals("transfer-cap-exceeded", afterCutOff.json().getString("code"));
            assertEquals(401, TallyClient.anonymous(second.base()).get("api/licenses").status());
            assertEquals(303, TallyClient.anonymous(second.base()).get("").status(), "the page sends a stranger to the login");
            assertEquals(200, TallyClient.anonymous(second.base()).get("openapi").status(), "the OpenAPI document needs no login");
        }
    }

    /** A crash right after the answers (kill -9, no shutdown hook) loses none of the starts those answers granted. */
    @Test
    void startsAnsweredBeforeAKillAreThereAfterIt() throws Exception {
        Path work = RUNS.resolve("restart-kill");
        List<String> properties = List.of("-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath(),
                "-Dtally.platform.password=it-platform-secret", "-Dtally.admin.password=" + TallyClient.ADMIN_PASSWORD);
        int starts = 30;
        MicroServer first = MicroServer.start(work, properties);
        try {
            TallyClient admin = TallyClient.admin(first.base());
            String host = admin.get("api/host").json().getJsonArray("addresses").getString(0);
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-KILL", host)
                    .systems("kill-a", "kill-b").points(starts))).status());
            TallyClient platform = TallyClient.platform(first.base());
            for (int i = 0; i < starts; i++) {
                Reply started = platform.postJson("api/integrations/kill-" + i + "/start",
                        "{\"systemA\": {\"type\": \"kill-a\", \"key\": \"a-" + i + "\"}, \"systemB\": {\"type\": \"kill-b\", \"key\": \"b\"}}");
                assertEquals(200, started.status(), started.body());
            }
        } finally {
            first.kill(); // at once after the last answer
        }
        try (MicroServer second = MicroServer.start(work, properties)) {
            TallyClient admin = TallyClient.admin(second.base());
            assertEquals(starts, admin.get("api/licenses/IT-KILL").json().getInt("pointsUsed"), "every start answered before the kill holds its point");
            Reply verified = admin.get("api/records/verify");
            assertTrue(verified.json().getBoolean("intact"), verified.body());
            assertTrue(verified.json().getJsonNumber("entries").longValue() >= starts + 1, "the upload and every point taken are recorded: " + verified.body());
        }
    }

    /**
     * A month that ends while Tally is down is closed at the next start as a running Tally closes it: its entry with
     * the final count, its statement, once however often Tally starts again. The first run's stop is moved into the
     * month before in the H2 file (its last seen time, the licence's upload and the month it counted in), which is
     * what a stop in that month leaves there.
     */
    @Test
    void aMonthThatEndedWhileTallyWasDownIsClosedAtTheNextStartOnce() throws Exception {
        Path work = RUNS.resolve("restart-month");
        List<String> properties = List.of("-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath(),
                "-Dtally.platform.password=it-platform-secret", "-Dtally.admin.password=" + TallyClient.ADMIN_PASSWORD,
                "-Dtally.transfers.zone=UTC");
        try (MicroServer first = MicroServer.start(work, properties)) {
            TallyClient admin = TallyClient.admin(first.base());
            String host = admin.get("api/host").json().getJsonArray("addresses").getString(0);
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-LATE", host))).status());
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-NEW", host)
                    .systems("new-a", "new-b"))).status());
            TallyClient platform = TallyClient.platform(first.base());
            assertEquals(200, platform.postJson("api/integrations/late-1/start",
                    "{\"systemA\": {\"type\": \"servicenow\", \"key\": \"sn\"}, \"systemB\": {\"type\": \"jira\", \"key\": \"j\"}}").status());
            assertEquals(200, platform.postJson("api/integrations/late-1/transfers", "{\"records\": 7}").status());
            // a licence that counted in the month and was removed before it ended takes part in it too
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-GONE", host)
                    .systems("gone-a", "gone-b"))).status());
            assertEquals(200, platform.postJson("api/integrations/gone-1/start",
                    "{\"systemA\": {\"type\": \"gone-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"gone-b\", \"key\": \"b\"}}").status());
            assertEquals(200, platform.postJson("api/integrations/gone-1/transfers", "{\"records\": 5}").status());
            assertEquals(204, admin.delete("api/licenses/IT-GONE").status());
            // and so does one removed in the month with nothing counted
            assertEquals(201, admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-IDLE", host)
                    .systems("idle-a", "idle-b"))).status());
            assertEquals(204, admin.delete("api/licenses/IT-IDLE").status());
        }
        YearMonth ended = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        long inIt = ended.atDay(15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try (StoppedDatabase db = StoppedDatabase.open(work)) {
            assertEquals(1, db.update("UPDATE transfer_month SET calendar_month = '" + ended + "' WHERE licence_id = 'IT-LATE'"),
                    "the clean stop stored the month's count");
            assertEquals(1, db.update("UPDATE transfer_month SET calendar_month = '" + ended + "' WHERE licence_id = 'IT-GONE'"),
                    "the removed licence's count of the month, stored at the clean stop");
            assertEquals(1, db.update("UPDATE transfer_month SET calendar_month = '" + ended + "' WHERE licence_id = 'IT-IDLE'"),
                    "the month the idle licence was removed in, stored by its removal");
            assertEquals(1, db.update("UPDATE licence SET uploaded_at = " + inIt + " WHERE licence_id = 'IT-LATE'"));
            assertEquals(1, db.update("UPDATE seen_time SET latest = " + (inIt + 3_600_000)));
        }

        for (int start = 1; start <= 2; start++) {
            try (MicroServer next = MicroServer.start(work, properties)) {
                TallyClient admin = TallyClient.admin(next.base());
                Await.until(() -> admin.get("api/licenses/IT-LATE/statements").array().size() == 1, "the missed month's statement is written");
                JsonArray closed = admin.get("api/records?licence=IT-LATE&type=month-closed").json().getJsonArray("entries");
                assertEquals(1, closed.size(), "one month-closed entry after start " + start + ": " + closed);
                JsonObject details = closed.getJsonObject(0).getJsonObject("details");
                assertEquals(ended.toString(), details.getString("month"));
                assertEquals(7, details.getInt("records"), "the month closes with what was counted in it");
                assertEquals(ended.toString(), admin.get("api/licenses/IT-LATE/statements").array().getJsonObject(0).getString("month"));
                String statement = admin.get("api/licenses/IT-LATE/statements/" + ended).body();
                assertTrue(statement.contains("Transferred-Records: 7\n"), statement);
                assertEquals(0, admin.get("api/licenses/IT-LATE").json().getJsonObject("transfers").getInt("records"), "this month starts at 0");
                assertEquals(0, admin.get("api/records?licence=IT-NEW&type=month-closed").json().getJsonArray("entries").size(),
                        "a licence installed after the month ended takes no part in it");
                assertEquals(0, admin.get("api/licenses/IT-NEW/statements").array().size());
                Await.until(() -> admin.get("api/licenses/IT-GONE/statements").array().size() == 1, "the removed licence's statement is written");
                JsonArray gone = admin.get("api/records?licence=IT-GONE&type=month-closed").json().getJsonArray("entries");
                assertEquals(1, gone.size(), "the removed licence's month closed once after start " + start + ": " + gone);
                assertEquals(5, gone.getJsonObject(0).getJsonObject("details").getInt("records"));
                assertTrue(admin.get("api/licenses/IT-GONE/statements/" + ended).body().contains("Transferred-Records: 5\n"));
                Await.until(() -> admin.get("api/licenses/IT-IDLE/statements").array().size() == 1, "the idle removed licence's statement is written");
                JsonArray idle = admin.get("api/records?licence=IT-IDLE&type=month-closed").json().getJsonArray("entries");
                assertEquals(1, idle.size(), "the idle removed licence's month closed once after start " + start + ": " + idle);
                assertEquals(0, idle.getJsonObject(0).getJsonObject("details").getInt("records"));
                assertTrue(admin.get("api/licenses/IT-IDLE/statements/" + ended).body().contains("Transferred-Records: 0\n"));
                Reply verified = admin.get("api/records/verify");
                assertTrue(verified.json().getBoolean("intact"), verified.body());
            }
        }
    }

    private static String generatedPassword(Path work) throws Exception {
        for (String line : Files.readAllLines(work.resolve("data").resolve("initial-admin-password"))) {
            if (line.startsWith("password: ")) {
                return line.substring("password: ".length());
            }
        }
        throw new AssertionError("no password in initial-admin-password");
    }
}
