package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.it.TallyClient.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tally as the README runs it (server-config's listener settings and H2, the administrator's password
 * in a file), under clients that misbehave on purpose: slow, oversized, guessing passwords.
 */
class HostileClientsIT {

    static final String PASSWORD = "hostile-it-admin-secret";
    static final String LOGIN_HEAD = "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n";

    static MicroServer server;
    static Path work;
    static com.icegreen.greenmail.util.GreenMail mail;

    @BeforeAll
    static void start() throws Exception {
        work = RestartIT.RUNS.resolve("hostile");
        Files.createDirectories(work);
        Path passwordFile = work.resolve("admin-password");
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, PASSWORD + "\n");
        Path good = work.resolve("good.lic");
        Path tampered = work.resolve("tampered.lic");
        // expires in 10 days: the 15-day warning fires at the start, and goes out by mail
        Files.write(good, ItVendor.trusted().bytes(ItVendor.licence("IT-FROM-FILE", "hostile.example")
                .expire(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(10, java.time.temporal.ChronoUnit.DAYS).plusSeconds(3600))));
        int smtpPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        mail = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(smtpPort, "127.0.0.1", "smtp"));
        mail.start();
        Files.writeString(tampered, ItVendor.trusted().issue(ItVendor.licence("IT-TAMPERED-FILE", "hostile.example")).replace("Points: 2", "Points: 9"));
        server = MicroServer.start(work, List.of("-Dtally.admin.password-file=" + passwordFile.toAbsolutePath(),
                "-Dtally.platform.password=it-platform-secret", "-Dtally.host.addresses=hostile.example",
                "-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath(),
                "-Dtally.licence.files=" + good.toAbsolutePath() + "," + tampered.toAbsolutePath(),
                "-Dtally.mail.host=127.0.0.1", "-Dtally.mail.port=" + smtpPort, "-Dtally.mail.to=ops@acme.example"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        mail.stop();
        String log = Files.readString(work.resolve("server.log"));
        assertFalse(log.contains("\tat io.tally") || log.contains("\tat org.glassfish.jersey"),
                "no hostile request leaves a stack trace in the log; see " + work.resolve("server.log"));
        assertFalse(Files.exists(work.resolve("data").resolve("tally.trace.db")), "H2 writes no trace file of its own");
    }

    @Test
    void theRunCommandStartsOneNodeWithoutClustering() throws Exception {
        assertTrue(MicroServer.readmeRunCommand().contains("--nocluster"), "the README's run command");
        assertTrue(Files.readString(work.resolve("server.log")).contains("clustering-enabled=false"),
                "Payara's data grid is off: nothing listens on the host's addresses for other nodes");
    }

    @Test
    void licenceFilesNamedInConfigurationAreInstalledAtStartAndARefusedOneIsLoggedWithItsCode() throws Exception {
        Reply installed = new TallyClient(server.base(), "admin", PASSWORD).get("api/licenses/IT-FROM-FILE");
        assertEquals(200, installed.status(), installed.body());
        assertEquals("VALID", installed.json().getString("status"));
        assertEquals("configuration", installed.json().getString("uploadedBy"));
        assertEquals(404, new TallyClient(server.base(), "admin", PASSWORD).get("api/licenses/IT-TAMPERED-FILE").status());
        String log = Files.readString(work.resolve("server.log"));
        assertTrue(log.contains("tampered.lic named in tally.licence.files is refused (bad-signature)"), "the refusal is logged with its code");
    }

    @Test
    void metricsAreForTheAdministratorsScraperAndNameEachLicence() throws Exception {
        assertEquals(401, new TallyClient(server.base(), null, null).get("metrics").status(), "no login, no metrics");
        assertEquals(401, new TallyClient(server.base(), "scraper", "wrong").get("metrics").status(), "a wrong login"); // not the admin: its failures are counted by another test
        Await.until(() -> new TallyClient(server.base(), "admin", PASSWORD).get("metrics").body()
                .contains("tally_licence_points{licence=\"IT-FROM-FILE\""), "the installed licence's gauges");
        String metrics = new TallyClient(server.base(), "admin", PASSWORD).get("metrics").body();
        for (String name : List.of("tally_licence_points_used{licence=\"IT-FROM-FILE\"", "tally_licence_records{licence=\"IT-FROM-FILE\"",
                "tally_licence_records_cap{licence=\"IT-FROM-FILE\"", "tally_licence_cut_off{licence=\"IT-FROM-FILE\"",
                "tally_licence_expiry_days{licence=\"IT-FROM-FILE\"", "tally_starts", "tally_starts_transactions", "tally_reports", "tally_flush_lag", "tally_cluster_unread")) {
            assertTrue(metrics.contains(name), name + " in:\n" + metrics.lines().filter(l -> l.startsWith("tally")).toList());
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tally_licence_points{licence=\"IT-FROM-FILE\"") && l.endsWith(" 2.0")),
                "a licence of 2 points: " + metrics.lines().filter(l -> l.startsWith("tally_licence_points{")).toList());
    }

    @Test
    void anExpiryWarningGoesToTheAdministratorsByMail() throws Exception {
        Await.until(() -> mail.getReceivedMessages().length >= 1, "the 15-day warning arrives by mail");
        jakarta.mail.internet.MimeMessage message = mail.getReceivedMessages()[0];

        assertEquals("Tally: licence IT-FROM-FILE expires in 10 days", message.getSubject());
        assertEquals("ops@acme.example", message.getAllRecipients()[0].toString());
        assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(message).contains("Ask the vendor for a renewal"));
    }

    @Test
    void theDataFolderAndTheDatabaseAreTheServerAccountsOnly() throws Exception {
        Path data = work.resolve("data");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tally.mv.db"))));
    }

    @Test
    void theAdministratorsPasswordComesFromItsFile() {
        assertEquals(200, new TallyClient(server.base(), "admin", PASSWORD).get("api/licenses").status());
        assertFalse(Files.exists(work.resolve("data").resolve("initial-admin-password")), "no password was generated");
    }

    @Test
    void threeHundredSlowClientsLeaveReadinessAnsweringAndAreCutOff() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                slow.add(RawHttp.connect(server.base(), "127.0.0.1").send(LOGIN_HEAD + "Content-Length: 1000\r\n", "0123456789"));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(server.base().resolve("health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), "readiness answers at once while 300 clients trickle their bodies");

            // each slow client is answered and let go once its body stops coming (the listener's read timeout)
            for (RawHttp client : slow) {
                String answer = client.answer();
                assertTrue(answer.isEmpty() || RawHttp.status(answer) == 408, answer);
            }
        } finally {
            slow.forEach(RawHttp::close);
        }
    }

    @Test
    void aLoginDeclaringMegabytesIsRefusedWith413() {
        try (RawHttp client = RawHttp.connect(server.base(), "127.0.0.1")) {
            assertEquals(413, RawHttp.status(client.send(LOGIN_HEAD + "Content-Length: 3000000\r\n", "").answer()));
        }
    }

    @Test
    void anUploadDeclaringTwoGibibytesIsRefusedWith413() {
        try (RawHttp client = RawHttp.connect(server.base(), "127.0.0.1")) {
            String answer = client.send("POST /api/licenses HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + RawHttp.basic("admin", PASSWORD)
                    + "\r\nContent-Type: application/x-tally-licence\r\nContent-Length: 2147483648\r\n", "Tally-Licence-Format: 1\n").answer();
            assertEquals(413, RawHttp.status(answer), answer);
            assertTrue(answer.contains("too-large"), answer);
        }
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsAnswered408() {
        try (RawHttp client = RawHttp.connect(server.base(), "127.0.0.1")) {
            String answer = client.send("POST /api/integrations/short-1/transfers HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + RawHttp.basic("platform", "it-platform-secret") + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n",
                    "{\"records\"").answer();
            assertEquals(408, RawHttp.status(answer), answer);
            assertTrue(answer.contains("request-timeout"), answer);
        }
    }

    @Test
    void theLoginPageCreatesNoSession() {
        TallyClient stranger = TallyClient.anonymous(server.base());
        Reply page = stranger.get("login.xhtml?next=/licence.xhtml");
        Reply sentThere = stranger.get("");

        assertEquals(200, page.status());
        assertTrue(page.body().contains("name=\"password\""), page.body());
        assertNull(page.header("Set-Cookie"), "no session for a visitor who has not logged in");
        assertEquals(303, sentThere.status());
        assertNull(sentThere.header("Set-Cookie"));
    }

    @Test
    void passwordGuessingIsSlowedDownLoggedOncePerBurstAndTheAdministratorStillGetsIn() throws Exception {
        assertTrue(login("127.0.0.5", PASSWORD).contains("Location: /\r\n"), "the administrator's usual address");
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            guesses.add(location(login("127.0.0.6", "guess-" + i)));
        }
        assertTrue(guesses.subList(0, 6).stream().allMatch(l -> l.contains("failed=1")), "five free failures, and the one that starts the wait: " + guesses);
        assertTrue(guesses.get(6).contains("throttled="), "then \"try again in N s\": " + guesses);
        assertTrue(location(login("127.0.0.6", PASSWORD)).contains("throttled="),
                "while throttled even the right password is not looked at, so guessing faster learns nothing");
        for (int i = 7; i <= 11; i++) {
            assertTrue(location(login("127.0.0." + i, "spread-" + i)).contains("failed=1"), "one guess from each of several addresses");
        }
        assertTrue(location(login("127.0.0.12", "spread-12")).contains("throttled="),
                "past ten failures for the account, a new address waits too");
        try (RawHttp basic = RawHttp.connect(server.base(), "127.0.0.6")) {
            String answer = basic.send("GET /api/licenses HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + RawHttp.basic("admin", "guess-z") + "\r\n", "").answer();
            assertEquals(429, RawHttp.status(answer), answer);
            assertTrue(answer.contains("Retry-After: "), answer);
        }

        String admin = login("127.0.0.5", PASSWORD);
        assertTrue(admin.contains("Location: /\r\n") && admin.contains("Set-Cookie: "), "the administrator gets in from a known address: " + admin);
        long lines = Files.readAllLines(work.resolve("server.log")).stream().filter(l -> l.contains("from 127.0.0.6")).count();
        assertTrue(lines >= 1 && lines <= 3, "failed logins are logged once per burst, not per attempt: " + lines + " lines for 14 attempts");
    }

    private String login(String from, String password) {
        try (RawHttp client = RawHttp.connect(server.base(), from)) {
            String form = "username=admin&password=" + password + "&next=%2F";
            return client.send(LOGIN_HEAD + "Content-Length: " + form.length() + "\r\n", form).answer();
        }
    }

    private static String location(String answer) {
        for (String line : answer.split("\r\n")) {
            if (line.startsWith("Location: ")) {
                return line;
            }
        }
        return "no redirect: " + answer;
    }

    static URI base() {
        return server.base();
    }
}
