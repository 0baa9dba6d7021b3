package io.tally.license.web.host;

import io.tally.license.host.HostIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/** This host's addresses, to send the vendor when requesting a licence: {@code /api/host}. */
@Path("host")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    /** @param source {@code detected} or {@code configured} (tally.host.addresses) */
    public record HostRepresentation(Set<String> addresses, String source) {
    }

    @Inject
    HostIdentity host;

    @GET
    public HostRepresentation get() {
        return new HostRepresentation(host.addresses().all(), host.detected() ? "detected" : "configured");
    }
}
