package io.tally.license.web.licences;

import io.tally.license.licences.LicenceFormat;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.Overview;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.transfers.MonthlyTransfers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import io.tally.license.web.requests.Bodies;
import java.io.InputStream;
import java.util.List;

/** Upload, list, read and remove licences: {@code /api/licenses}. */
@Path("licenses")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LicencesResource {

    /** The media type of a licence file. */
    public static final String LICENCE_TYPE = "application/x-tally-licence";
    /** Licences read at a time for a filtered page: each is verified to work out its status. */
    private static final int FILTER_CHUNK = 200;

    @Inject
    LicenceInstallation installation;

    @Inject
    Overview overview;

    @Inject
    io.tally.license.statements.StatementStore statements;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    /**
     * The licence file as the raw body, typed as a licence. Never a form type (multipart, url-encoded,
     * text/plain): those are what another site can make a browser send; the page has its own upload.
     */
    @POST
    @Consumes({LICENCE_TYPE, MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String type, @QueryParam("dryRun") boolean dryRun, InputStream body) {
        if (type == null) {
            throw new NotSupportedException("Send the licence file as " + LICENCE_TYPE + ".");
        }
        byte[] file = Bodies.read(body, LicenceFormat.MAX_BYTES);
        if (dryRun) {
            return Response.ok(PreviewRepresentation.of(installation.previewUpload(file, caller()))).build();
        }
        return created(installation.upload(file, caller()));
    }

    /**
     * A page of licences in id order: {@code ?status=VALID|…&systemType=&after=&limit=}, the next page
     * linked in the {@code Link} header.
     */
    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("systemType") String systemType,
                         @QueryParam("after") String after, @QueryParam("limit") String limit) {
        if (status != null && !status.isEmpty() && java.util.Arrays.stream(io.tally.license.licences.service.LicenceStatus.values())
                .noneMatch(known -> known.name().equals(status))) {
            throw new io.tally.license.web.problems.InvalidRequestException("status must be one of "
                    + java.util.Arrays.toString(io.tally.license.licences.service.LicenceStatus.values()) + ", not '"
                    + io.tally.license.web.requests.Shown.of(status) + "'.");
        }
        int size = io.tally.license.web.requests.Paging.limit(limit);
        boolean filtered = (status != null && !status.isEmpty()) || (systemType != null && !systemType.isEmpty());
        if (!filtered) { // one page read from the database: a thousand licences cost no more than ten
            List<LicenceRepresentation> page = overview.licences(after == null || after.isEmpty() ? null : after, size + 1).stream()
                    .map(LicenceRepresentation::of).toList();
            return io.tally.license.web.requests.Paging.page(page, size, LicenceRepresentation::id, uri);
        }
        // a status is worked out from each licence's file and dates: a filtered page reads licences a page at a
        // time in id order until it has its rows (all of them only when few match)
        List<LicenceRepresentation> read = new java.util.ArrayList<>();
        String cursor = after == null || after.isEmpty() ? null : after;
        int chunk = Math.max(size + 1, FILTER_CHUNK);
        while (read.size() <= size) {
            List<LicenceRepresentation> chunkRead = overview.licences(cursor, chunk).stream().map(LicenceRepresentation::of).toList();
            chunkRead.stream()
                    .filter(l -> status == null || status.isEmpty() || l.status().equals(status))
                    .filter(l -> systemType == null || systemType.isEmpty() || systemType.equals(l.systemA()) || systemType.equals(l.systemB()))
                    .limit(size + 1L - read.size()).forEach(read::add);
            if (chunkRead.size() < chunk) {
                break; // the last licence was read
            }
            cursor = chunkRead.get(chunkRead.size() - 1).id();
        }
        return io.tally.license.web.requests.Paging.page(read, size, LicenceRepresentation::id, uri);
    }

    @GET
    @Path("{id}")
    public LicenceRepresentation get(@PathParam("id") String id) {
        return LicenceRepresentation.of(overview.licence(id));
    }

    /** This month's transferred records and every earlier month's final count, oldest first. */
    @GET
    @Path("{id}/transfers")
    public List<MonthlyTransfers> transfers(@PathParam("id") String id) {
        return overview.history(id); // 404 for a licence that is not installed
    }

    /** The licence's signed monthly usage statements, oldest first (kept after the licence is removed). */
    @GET
    @Path("{id}/statements")
    public List<StatementLink> statements(@PathParam("id") String id) {
        return statements.of(id).stream().map(s -> new StatementLink(s.month().toString(),
                uri.getBaseUriBuilder().path("licenses").path(id).path("statements").path(s.month().toString()).build().toString())).toList();
    }

    /** One month's statement as the signed text file a vendor verifies with {@code tally-issuer verify-statement}. */
    @GET
    @Path("{id}/statements/{month}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response statement(@PathParam("id") String id, @PathParam("month") String month) {
        java.time.YearMonth parsed;
        try {
            parsed = java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.tally.license.web.problems.InvalidRequestException("month must be of the form 2026-10, not '"
                    + io.tally.license.web.requests.Shown.of(month) + "'.");
        }
        return statements.find(id, parsed)
                .map(s -> Response.ok(s.text(), MediaType.TEXT_PLAIN + "; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"statement-" + id + "-" + parsed + ".txt\"").build())
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("There is no statement of licence " + id + " for " + parsed + "."));
    }

    /** A statement's month and where to download it. */
    public record StatementLink(String month, String href) {
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id, @QueryParam("dryRun") boolean dryRun) {
        if (dryRun) {
            overview.licence(id); // 404 for a licence that is not installed
            return Response.ok(PreviewRepresentation.of(installation.previewRemoval(id))).build();
        }
        installation.remove(id);
        return Response.noContent().build();
    }

    private Response created(InstalledLicence installed) {
        return Response.created(uri.getBaseUriBuilder().path("licenses").path(installed.id()).build())
                .entity(LicenceRepresentation.of(overview.licence(installed.id())))
                .build();
    }

    private String caller() {
        return security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
    }
}
