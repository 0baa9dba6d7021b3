package io.tally.license.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.records.Chain;
import io.tally.license.records.ExportLine;
import io.tally.license.statements.UsageStatement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCheckTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final IssuingTool tool = new IssuingTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());

    static List<Chain.Entry> chain(int length) {
        List<Chain.Entry> entries = new ArrayList<>();
        String prev = Chain.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            Chain.Entry entry = Chain.Entry.chained(seq, 1_795_000_000_000L + seq, "admin \"quoted\"", seq % 2 == 0 ? "point-taken" : "login",
                    seq % 2 == 0 ? "ACME-1" : null, "{\"pair\":\"jira#" + seq + " – servicenow#1\",\"detail\":\"a\\nb\"}", prev);
            entries.add(entry);
            prev = entry.hash();
        }
        return entries;
    }

    Path export(List<Chain.Entry> entries) throws Exception {
        Path file = dir.resolve("record.jsonl");
        Files.write(file, entries.stream().map(ExportLine::jsonl).toList(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void anUntouchedExportIsAnIntactChain() throws Exception {
        assertEquals(0, tool.run("verify-record", export(chain(6)).toString()), err.toString());
        assertTrue(out.toString().contains("chain intact: 6 entries"), out.toString());
    }

    @Test
    void anExportWithAnEditedLineNamesTheEntry() throws Exception {
        Path file = export(chain(6));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, lines.get(3).replace("jira#4", "jira#5"));
        Files.write(file, lines);
        assertEquals(1, tool.run("verify-record", file.toString()));
        assertTrue(err.toString().contains("entry 4 was altered"), err.toString());
    }

    @Test
    void anExportWithALineRemovedNamesTheGap() throws Exception {
        List<Chain.Entry> entries = chain(6);
        entries.remove(2);
        Path file = export(entries);
        assertEquals(1, tool.run("verify-record", file.toString()));
        assertTrue(err.toString().contains("entry 3 is missing"), err.toString());

        // the same lines as a filtered export: each entry's own hash holds, and the tool says gaps cannot be told
        assertEquals(0, tool.run("verify-record", file.toString(), "--filtered", "true"), err.toString());
        assertTrue(out.toString().contains("filtered export"), out.toString());
    }

    @Test
    void aSignedStatementVerifiesAndAnEditedOneDoesNot() throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        String publicKey = Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
        List<Chain.Entry> entries = chain(4);
        UsageStatement statement = new UsageStatement("inst-1", "ACME-1", YearMonth.of(2026, 10), 81_234, 100_000L, 2, false,
                4, entries.get(3).hash(), Instant.parse("2026-11-01T00:00:00.250Z"));
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] body = statement.body().getBytes(StandardCharsets.UTF_8);
        signer.update(body, 0, body.length);
        Path file = dir.resolve("statement.txt");
        Files.writeString(file, statement.signedText(signer.generateSignature()));

        assertEquals(0, tool.run("verify-statement", file.toString(), "--installation-key", publicKey, "--record", export(entries).toString()), err.toString());
        assertTrue(out.toString().contains("81234 records of 100000"), out.toString());
        assertTrue(out.toString().contains("holds the statement's last entry"), out.toString());

        Files.writeString(file, Files.readString(file).replace("Transferred-Records: 81234", "Transferred-Records: 1234"));
        assertEquals(1, tool.run("verify-statement", file.toString(), "--installation-key", publicKey));
        assertTrue(err.toString().contains("the signature does not match"), err.toString());
    }
}
