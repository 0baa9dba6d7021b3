package io.tally.license.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuingToolTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final IssuingTool cut = new IssuingTool(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void keygenIssueShowAndVerifyWorkTogether() throws Exception {
        assertEquals(0, cut.run("keygen", "--key-id", "vendor-1", "--out", dir.toString()), err.toString());
        Path licence = dir.resolve("acme.lic");
        assertEquals(0, cut.run("issue", "--key", dir.resolve("vendor-1.private").toString(), "--id", "ACME-1",
                "--company", "ACME", "--registered-to", "Jane", "--email", "jane@acme.example", "--points", "4",
                "--transferred-records", "1000", "--bound-to", "tally.acme.example", "--system-a", "servicenow",
                "--system-b", "jira", "--expire", "+30d", "--kind", "trial", "--capabilities", "audit, bulk",
                "--out", licence.toString()), err.toString());

        String file = Files.readString(licence);
        assertTrue(file.contains("Points: 4\n"), file);
        assertTrue(file.contains("Expire: 2026-12-23T10:00:00Z\n"), file);
        assertTrue(file.contains("Kind: trial\n"), file);
        assertTrue(file.contains("Capabilities: audit, bulk\n"), file);
        assertEquals(0, cut.run("verify", licence.toString(), "--public-key", dir.resolve("vendor-1.public").toString()), err.toString());
        assertTrue(out.toString().contains("signature: valid (key vendor-1)"), out.toString());
    }

    @Test
    void aLicenceMayBeBoundToEveryNodeOfAnInstallation() throws Exception {
        Path licence = dir.resolve("nodes.lic");
        assertEquals(0, issue(licence, "--bound-to", "node-1.acme.example,node-2.acme.example"), err.toString());

        assertTrue(Files.readString(licence).contains("Bound-To: node-1.acme.example, node-2.acme.example\n"), Files.readString(licence));
        assertEquals(0, cut.run("verify", licence.toString(), "--public-key", dir.resolve("vendor-1.public").toString()), err.toString());
    }

    @Test
    void graceDaysAreSignedWithTheRest() throws Exception {
        Path licence = dir.resolve("grace.lic");
        assertEquals(0, issue(licence, "--bound-to", "h.example", "--grace-days", "14"), err.toString());

        assertTrue(Files.readString(licence).contains("Expire: 2026-12-23T10:00:00Z\nGrace-Days: 14\n"), Files.readString(licence));
        assertEquals(0, cut.run("verify", licence.toString(), "--public-key", dir.resolve("vendor-1.public").toString()), err.toString());
    }

    @Test
    void aTrialOfMoreThanThirtyDaysIsNotIssued() throws Exception {
        Path licence = dir.resolve("trial.lic");

        assertEquals(2, issue(licence, "--bound-to", "h.example", "--kind", "trial", "--expire", "+31d"));
        assertTrue(err.toString().contains("30 days"), err.toString());
        assertFalse(Files.exists(licence));
    }

    @Test
    void aRequestFileFillsTheAddressesAndSeveralNeedAChoice() throws Exception {
        Path request = dir.resolve("request.txt");
        Files.writeString(request, new io.tally.license.licences.RequestFile("inst-1", "installation-public-key", java.util.List.of("node-1.acme.example", "node-2.acme.example"),
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-23T09:00:00Z"),
                java.util.List.of(io.tally.license.licences.RequestFile.licenceLine("ACME-1", 2, 3, 1234))).text());
        Path licence = dir.resolve("from-request.lic");

        assertEquals(2, issue(licence, "--request", request.toString()), "several addresses and no choice");
        assertTrue(err.toString().contains("node-1.acme.example, node-2.acme.example"), err.toString());
        assertEquals(2, issue(licence, "--request", request.toString(), "--bound-to", "elsewhere.example"));
        assertEquals(0, issue(licence, "--request", request.toString(), "--bound-to", "all"), err.toString());
        assertTrue(Files.readString(licence).contains("Bound-To: node-1.acme.example, node-2.acme.example\n"), Files.readString(licence));
        assertTrue(out.toString().contains("inst-1") && out.toString().contains("ACME-1; points 2/3; records this month 1234"), out.toString());
        assertEquals(0, issue(licence, "--request", request.toString(), "--bound-to", "node-2.acme.example"), err.toString());
        assertTrue(Files.readString(licence).contains("Bound-To: node-2.acme.example\n"), Files.readString(licence));
    }

    /** Issues a licence with the usual attributes, a key made first, and these options on top. */
    private int issue(Path out, String... options) {
        cut.run("keygen", "--key-id", "vendor-1", "--out", dir.toString());
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("issue", "--key", dir.resolve("vendor-1.private").toString(),
                "--id", "ACME-2", "--company", "ACME", "--registered-to", "Jane", "--email", "jane@acme.example", "--points", "4",
                "--system-a", "servicenow", "--system-b", "jira", "--expire", "+30d", "--out", out.toString()));
        for (int i = 0; i + 1 < options.length; i += 2) {
            int existing = args.indexOf(options[i]);
            if (existing > 0) {
                args.set(existing + 1, options[i + 1]);
            } else {
                args.add(options[i]);
                args.add(options[i + 1]);
            }
        }
        return cut.run(args.toArray(String[]::new));
    }

    @Test
    void verifyRefusesATamperedFileWithItsCode() throws Exception {
        cut.run("keygen", "--key-id", "vendor-1", "--out", dir.toString());
        Path licence = dir.resolve("acme.lic");
        cut.run("issue", "--key", dir.resolve("vendor-1.private").toString(), "--id", "ACME-1", "--company", "ACME",
                "--registered-to", "Jane", "--email", "jane@acme.example", "--bound-to", "h.example",
                "--system-a", "servicenow", "--system-b", "jira", "--expire", "2027-01-01", "--out", licence.toString());
        Files.writeString(licence, Files.readString(licence).replace("Points: 1", "Points: 9"));

        assertEquals(1, cut.run("verify", licence.toString(), "--public-key", dir.resolve("vendor-1.public").toString()));
        assertTrue(err.toString().contains("bad-signature"), err.toString());
    }

    @Test
    void keygenNeverOverwritesASigningKey() {
        assertEquals(0, cut.run("keygen", "--key-id", "vendor-1", "--out", dir.toString()));
        assertEquals(2, cut.run("keygen", "--key-id", "vendor-1", "--out", dir.toString()));
    }

    @Test
    void missingOptionsAreNamed() throws Exception {
        cut.run("keygen", "--key-id", "vendor-1", "--out", dir.toString());

        assertEquals(2, cut.run("issue", "--key", dir.resolve("vendor-1.private").toString(), "--id", "X"));
        assertTrue(err.toString().contains("--company"), err.toString());
    }
}
