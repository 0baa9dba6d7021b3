package io.tally.license.web.host;

import io.tally.license.application.Overview;
import io.tally.license.host.HostIdentity;
import io.tally.license.host.InstallationId;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/** This host's addresses, to send the vendor when requesting a licence: {@code /api/host}. */
@Path("host")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    /** @param source {@code detected} or {@code configured} (tally.host.addresses) */
    public record HostRepresentation(Set<String> addresses, String source, String installationId, String installationKey) {
    }

    @Inject
    HostIdentity host;

    @Inject
    InstallationId installation;

    @Inject
    Overview overview;

    @GET
    public HostRepresentation get() {
        return new HostRepresentation(host.addresses().all(), host.detected() ? "detected" : "configured", installation.get(), installation.publicKey());
    }

    /** The licence request file to send the vendor (the page offers the same as a download). */
    @GET
    @Path("request")
    @Produces(MediaType.TEXT_PLAIN)
    public Response request() {
        return Response.ok(overview.licenceRequest().text(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + REQUEST_FILE_NAME + "\"").build();
    }

    public static final String REQUEST_FILE_NAME = "tally-licence-request.txt";
}
