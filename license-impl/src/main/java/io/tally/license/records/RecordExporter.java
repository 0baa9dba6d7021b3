package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes the record (or the entries matching a query) in chain order, a page at a time, up to the
 * entry last written when the export began: an export of millions of entries never sits in memory,
 * and entries appended meanwhile wait for the next export.
 */
@ApplicationScoped
public class RecordExporter {

    static final int PAGE = 2_000;

    @Inject
    LicensingRecord record;

    public void export(RecordQuery query, boolean csv, Writer out) throws IOException {
        long end = record.head().lastSeq();
        if (csv) {
            out.write(ExportLine.CSV_HEADER + "\r\n");
        }
        long last = 0;
        while (last < end) {
            List<Chain.Entry> page = record.inOrder(query, last, PAGE);
            for (Chain.Entry entry : page) {
                if (entry.seq() > end) {
                    return;
                }
                out.write(csv ? ExportLine.csv(entry) + "\r\n" : ExportLine.jsonl(entry) + "\n");
            }
            if (page.size() < PAGE) {
                return;
            }
            last = page.get(page.size() - 1).seq();
        }
    }
}
