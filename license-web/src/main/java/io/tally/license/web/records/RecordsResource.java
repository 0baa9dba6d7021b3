package io.tally.license.web.records;

import io.tally.license.records.Chain;
import io.tally.license.records.RecordExporter;
import io.tally.license.records.LicensingRecord;
import io.tally.license.records.RecordQuery;
import io.tally.license.records.RecordVerification;
import io.tally.license.web.problems.InvalidRequestException;
import io.tally.license.web.requests.Shown;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The licensing record: {@code /api/records} (newest first, cursor-paged), its verification and its export. */
@Path("records")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RecordsResource {


    @Inject
    LicensingRecord record;

    @Inject
    RecordVerification verification;

    @Inject
    RecordExporter exporter;

    @Context
    UriInfo uri;

    /** A page of entries and the link to the next (older) page, or none at the end. */
    public record Page(List<EntryRepresentation> entries, String next) {
    }

    @GET
    public Page list(@QueryParam("licence") String licence, @QueryParam("type") String type, @QueryParam("from") String from,
                     @QueryParam("to") String to, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        RecordQuery query = RecordQueryParams.parse(licence, type, from, to);
        int size = io.tally.license.web.requests.Paging.limit(limit);
        List<Chain.Entry> entries = record.newestFirst(query, RecordQueryParams.cursor(after), size + 1);
        String next = null;
        if (entries.size() > size) {
            entries = entries.subList(0, size);
            next = uri.getRequestUriBuilder().replaceQueryParam("after", entries.get(size - 1).seq()).build().toString();
        }
        return new Page(entries.stream().map(EntryRepresentation::of).toList(), next);
    }

    @GET
    @Path("verify")
    public RecordVerification.Result verify() {
        return verification.verify();
    }

    /**
     * The record (or the entries matching the filters) in chain order, streamed a page at a time: an
     * export of millions of entries never sits in memory. JSON Lines (default) or CSV.
     */
    @GET
    @Path("export")
    @Produces({"application/x-ndjson", "text/csv"})
    public Response export(@QueryParam("format") String format, @QueryParam("licence") String licence, @QueryParam("type") String type,
                           @QueryParam("from") String from, @QueryParam("to") String to) {
        boolean csv = "csv".equals(format);
        if (format != null && !csv && !"jsonl".equals(format)) {
            throw new InvalidRequestException("format must be jsonl or csv, not '" + Shown.of(format) + "'.");
        }
        RecordQuery query = RecordQueryParams.parse(licence, type, from, to);
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            exporter.export(query, csv, writer);
            writer.flush();
        };
        return Response.ok(body, csv ? "text/csv; charset=UTF-8" : "application/x-ndjson; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"tally-record." + (csv ? "csv" : "jsonl") + "\"").build();
    }
}
