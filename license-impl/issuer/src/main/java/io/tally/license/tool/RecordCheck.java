package io.tally.license.tool;

import io.tally.license.records.Chain;
import io.tally.license.records.ExportLine;
import io.tally.license.statements.UsageStatement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The vendor's checks of what a customer's Tally sends: an export of its licensing record, a usage statement. */
final class RecordCheck {

    private final PrintStream out;
    private final PrintStream err;

    RecordCheck(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Walks an export line by line. A whole export (from entry 1) and a range (entries in a row) are
     * checked as a chain; a filtered export (by licence or type, {@code --filtered}: gaps between entries)
     * has each entry's own hash checked, which shows that no entry was changed, not that none is missing.
     */
    int verifyExport(Path export, boolean filtered) throws IOException {
        Chain.Walk walk = null;
        long entries = 0;
        long first = 0;
        long last = 0;
        boolean gaps = filtered;
        String lastHash = Chain.GENESIS;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Chain.Entry entry;
                try {
                    entry = ExportLine.parseJsonl(line);
                } catch (IllegalArgumentException e) {
                    err.println("broken: line " + number + " is not an export line: " + e.getMessage());
                    return 1;
                }
                if (walk == null) {
                    first = entry.seq();
                    walk = new Chain.Walk(entry.seq(), entry.prevHash());
                }
                if (filtered && entries > 0 && entry.seq() <= last) {
                    err.println("broken: entry " + entry.seq() + " is out of order after entry " + last);
                    return 1;
                }
                if (gaps) {
                    if (!Chain.hash(entry).equals(entry.hash())) {
                        err.println("broken: entry " + entry.seq() + " was altered: its hash does not match its contents");
                        return 1;
                    }
                } else if (!walk.accept(entry)) {
                    err.println("broken: " + walk.broken());
                    return 1;
                }
                entries++;
                last = entry.seq();
                lastHash = entry.hash();
            }
        }
        if (entries == 0) {
            err.println("broken: the export has no entries");
            return 1;
        }
        out.println((gaps ? "each entry intact (a filtered export: whether entries are missing between them cannot be told): "
                : first == 1 ? "chain intact: " : "chain intact from entry " + first + ": ")
                + entries + " entries, " + first + " to " + last + ", last hash " + lastHash);
        return 0;
    }

    int verifyStatement(Path file, String installationKey, Path export) throws IOException {
        UsageStatement statement;
        try {
            statement = UsageStatement.verify(Files.readAllBytes(file), installationKey);
        } catch (IllegalArgumentException | java.time.DateTimeException refused) {
            err.println("broken: " + refused.getMessage());
            return 1;
        }
        out.println("signature valid: installation " + statement.installationId() + ", licence " + statement.licenceId()
                + ", " + statement.month() + ": " + statement.records() + " records" + (statement.cap() == null ? "" : " of " + statement.cap())
                + ", at most " + statement.maxPointsUsed() + " points, cut off: " + (statement.cutOff() ? "yes" : "no")
                + ", last record entry " + statement.lastRecordSeq());
        if (export == null) {
            return 0;
        }
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    Chain.Entry entry = ExportLine.parseJsonl(line);
                    if (entry.seq() == statement.lastRecordSeq()) {
                        if (entry.hash().equals(statement.lastRecordHash()) && Chain.hash(entry).equals(entry.hash())) {
                            out.println("the export holds the statement's last entry, unchanged");
                            return 0;
                        }
                        err.println("broken: entry " + entry.seq() + " of the export is not the one the statement signed");
                        return 1;
                    }
                }
            }
        }
        err.println("broken: the export has no entry " + statement.lastRecordSeq() + ", the statement's last entry");
        return 1;
    }
}
