package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.it.TallyClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as the README runs it (server-config/h2.asadmin, no password configured):
 * the generated administrator password and an uploaded licence survive a restart.
 */
class RestartIT {

    static final Path RUNS = Path.of(System.getProperty("tally.it.runs"));

    @Test
    void generatedPasswordAndUploadedLicenceSurviveARestart() throws Exception {
        Path work = RUNS.resolve("restart");
        List<String> trustItVendor = List.of("-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath());
        String password;
        try (MicroServer first = MicroServer.start(work, "h2.asadmin", trustItVendor)) {
            password = generatedPassword(work);
            TallyClient admin = new TallyClient(first.base(), "admin", password);
            String host = admin.get("api/host").json().getJsonArray("addresses").getString(0);

            Reply created = admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence("IT-RESTART", host)));
            assertEquals(201, created.status(), created.body());
        }
        assertTrue(Files.exists(work.resolve("data").resolve("tally.mv.db")), "the H2 file lives under ./data");

        try (MicroServer second = MicroServer.start(work, "h2.asadmin", trustItVendor)) {
            assertEquals(password, generatedPassword(work), "a restart must not generate a new password");
            Reply licence = new TallyClient(second.base(), "admin", password).get("api/licenses/IT-RESTART");

            assertEquals(200, licence.status(), licence.body());
            assertEquals("VALID", licence.json().getString("status"));
            assertEquals(401, TallyClient.anonymous(second.base()).get("api/licenses").status());
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
