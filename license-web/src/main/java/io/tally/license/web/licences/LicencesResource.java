package io.tally.license.web.licences;

import io.tally.license.licences.LicenceFormat;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.Refusal;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.PointAllocator;
import io.tally.license.transfers.MonthlyTransfers;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** Upload, list, read and remove licences: {@code /api/licenses}. */
@Path("licenses")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LicencesResource {

    @Inject
    LicenceService licences;

    @Inject
    PointAllocator points;

    @Inject
    TransferMeters transfers;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    /** The licence file as the raw body (any content type but multipart). */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(InputStream body) throws IOException {
        return created(licences.upload(BoundedBody.read(body, LicenceFormat.MAX_BYTES), caller()));
    }

    /** The licence file as the multipart field {@code file}, as a browser form sends it. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(List<EntityPart> parts) throws IOException {
        for (EntityPart part : parts) {
            if ("file".equals(part.getName())) {
                return created(licences.upload(BoundedBody.read(part.getContent(), LicenceFormat.MAX_BYTES), caller()));
            }
        }
        throw new LicenceRefusedException(Refusal.EMPTY_FILE, "The form has no field named 'file'.");
    }

    @GET
    public List<LicenceRepresentation> list() {
        Map<String, Long> used = points.pointsUsed();
        return licences.list().stream().map(l -> represent(l, used)).toList();
    }

    @GET
    @Path("{id}")
    public LicenceRepresentation get(@PathParam("id") String id) {
        return represent(licences.get(id), points.pointsUsed());
    }

    /** This month's transferred records and every earlier month's final count, oldest first. */
    @GET
    @Path("{id}/transfers")
    public List<MonthlyTransfers> transfers(@PathParam("id") String id) {
        licences.get(id); // 404 for a licence that is not installed
        return transfers.history(id);
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
        licences.remove(id);
        return Response.noContent().build();
    }

    private Response created(InstalledLicence installed) {
        return Response.created(uri.getBaseUriBuilder().path("licenses").path(installed.id()).build())
                .entity(represent(installed, points.pointsUsed()))
                .build();
    }

    private LicenceRepresentation represent(InstalledLicence installed, Map<String, Long> pointsUsed) {
        return LicenceRepresentation.of(installed, pointsUsed.getOrDefault(installed.id(), 0L),
                MonthlyTransfers.of(transfers.meter(installed.id())));
    }

    private String caller() {
        return security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
    }
}
