package io.tally.license.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExportLineTest {

    final Chain.Entry awkward = Chain.Entry.chained(7, 1_795_000_000_000L, "=HYPERLINK(\"x\")", "login-failed", null,
            "{\"addresses\":[\"a,b\"],\"note\":\"line\\nbreak \u2028 é\"}", Chain.GENESIS);

    @Test
    void aJsonLinesLineReadsBackAsTheEntryItWasSoItsHashStillHolds() {
        String line = ExportLine.jsonl(awkward);
        assertEquals(-1, line.indexOf('\n'), "one line, whatever the fields hold");
        Chain.Entry read = ExportLine.parseJsonl(line);
        assertEquals(awkward, read);
        assertEquals(read.hash(), Chain.hash(read));
    }

    @Test
    void aCsvFieldThatASpreadsheetWouldRunAsAFormulaIsQuotedAsText() {
        String csv = ExportLine.csv(awkward);
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), csv);
        assertTrue(csv.contains("\"{\"\"addresses\"\":[\"\"a,b\"\"]"), "a field with commas and quotes is quoted: " + csv);
    }

    @Test
    void aLineThatIsNotAnExportLineIsRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExportLine.parseJsonl("{\"seq\":1}")).getMessage().contains("'at'"));
        assertThrows(IllegalArgumentException.class, () -> ExportLine.parseJsonl("{\"seq\":1,\"seq\":2}"));
        assertThrows(IllegalArgumentException.class, () -> ExportLine.parseJsonl("{\"seq\":true}"));
        assertThrows(IllegalArgumentException.class, () -> ExportLine.parseJsonl("{} trailing"));
    }
}
