package io.tally.license.web.licences;

import io.tally.license.licences.LicenceFormat;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.Refusal;
import io.tally.license.application.LicenceInstallation;
import io.tally.license.application.Overview;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.transfers.MonthlyTransfers;
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

/** Upload, list, read and remove licences: {@code /api/licenses}. */
@Path("licenses")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LicencesResource {

    @Inject
    LicenceInstallation installation;

    @Inject
    Overview overview;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    /** The licence file as the raw body (any content type but multipart). */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(InputStream body) throws IOException {
        return created(installation.upload(BoundedBody.read(body, LicenceFormat.MAX_BYTES), caller()));
    }

    /** The licence file as the multipart field {@code file}, as a browser form sends it. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(List<EntityPart> parts) throws IOException {
        for (EntityPart part : parts) {
            if ("file".equals(part.getName())) {
                return created(installation.upload(BoundedBody.read(part.getContent(), LicenceFormat.MAX_BYTES), caller()));
            }
        }
        throw new LicenceRefusedException(Refusal.EMPTY_FILE, "The form has no field named 'file'.");
    }

    @GET
    public List<LicenceRepresentation> list() {
        return overview.licences().stream().map(LicenceRepresentation::of).toList();
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

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
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
