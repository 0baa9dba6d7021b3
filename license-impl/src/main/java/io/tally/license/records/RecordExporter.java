package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes the record (or the entries matching a query) in chain order, up to the entry last written
 * when the export began: entries appended meanwhile wait for the next export.
 */
@ApplicationScoped
public class RecordExporter {

    @Inject
    LicensingRecord record;

    @Inject
    RecordWalk walk;

    public void export(RecordQuery query, boolean csv, Writer out) throws IOException {
        long end = record.head().lastSeq();
        if (csv) {
            out.write(ExportLine.CSV_HEADER + "\r\n");
        }
        try {
            walk.inOrder(query, 0, end, entry -> {
                try {
                    out.write(csv ? ExportLine.csv(entry) + "\r\n" : ExportLine.jsonl(entry) + "\n");
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client went away: the container's to handle
        }
    }
}
