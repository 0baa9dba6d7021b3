package io.tally.license.web.integrations;

import io.tally.license.web.requests.Paging;
import io.tally.license.web.requests.Shown;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import io.tally.license.application.IntegrationLicensing;
import io.tally.license.application.Overview;
import io.tally.license.points.IntegrationIds;
import io.tally.license.points.Pair;
import io.tally.license.spi.SystemInstance;
import io.tally.license.transfers.MonthlyTransfers;
import io.tally.license.web.problems.InvalidRequestException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import io.tally.license.spi.Licensing;
import io.tally.license.web.requests.Bodies;
import io.tally.license.web.requests.JsonBody;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.List;

/** Rules 1 and 2 for platforms outside the JVM: {@code /api/integrations}. */
@Path("integrations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationsResource {

    private static final int MAX_BODY = 4096;

    @Inject
    IntegrationLicensing licensing;

    @Inject
    Overview overview;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.UriInfo uri;

    /** Body: {@code {"systemA": {"type": "servicenow", "key": "..."}, "systemB": {"type": "jira", "key": "..."}}}. */
    @POST
    @Path("{id}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public IntegrationRepresentation start(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, InputStream body) {
        requireValidId(id);
        JsonObject request = json(type, body);
        licensing.start(id, Pair.of(instance(request, "systemA"), instance(request, "systemB")));
        return IntegrationRepresentation.of(overview.enabledOrStored(id)); // the start's outcome is in memory: no read back
    }

    /** No body, or a JSON one (ignored): never a form, which another site could make a browser send. */
    @POST
    @Path("{id}/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    public IntegrationRepresentation stop(@PathParam("id") String id) {
        requireValidId(id);
        licensing.stop(id);
        return find(id);
    }

    /** Body: {@code {"records": n}}, n ≥ 1: records of the main entity successfully loaded into the target (rule 3). */
    @POST
    @Path("{id}/transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    public MonthlyTransfers transferred(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, InputStream body) {
        requireValidId(id);
        JsonObject request = json(type, body);
        if (!(request.get("records") instanceof JsonNumber number) || !number.isIntegral()
                || number.bigIntegerValue().signum() <= 0
                || number.bigIntegerValue().compareTo(BigInteger.valueOf(Licensing.MAX_RECORDS_PER_REPORT)) > 0) {
            throw new InvalidRequestException("'records' must be a whole number from 1 to " + Licensing.MAX_RECORDS_PER_REPORT + ".");
        }
        return licensing.report(id, number.longValue());
    }

    /**
     * A page of integrations in id order: {@code ?licence=&state=ENABLED|DISABLED&systemType=&after=&limit=},
     * the next page linked in the {@code Link} header.
     */
    @GET
    public Response list(@QueryParam("licence") String licence, @QueryParam("state") String state, @QueryParam("systemType") String systemType,
                         @QueryParam("after") String after, @QueryParam("limit") String limit) {
        Boolean enabled = null;
        if (state != null && !state.isEmpty()) {
            if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
                throw new InvalidRequestException("state must be ENABLED or DISABLED, not '" + Shown.of(state) + "'.");
            }
            enabled = state.equals("ENABLED");
        }
        if (after != null && !after.isEmpty()) {
            requireValidId(after);
        }
        int size = Paging.limit(limit);
        List<IntegrationRepresentation> read = overview.integrations(blankToNull(licence), enabled, blankToNull(systemType), blankToNull(after), size + 1)
                .stream().map(IntegrationRepresentation::of).toList();
        return Paging.page(read, size, IntegrationRepresentation::id, uri);
    }

    /** One integration. */
    @GET
    @Path("{id}")
    public IntegrationRepresentation get(@PathParam("id") String id) {
        requireValidId(id);
        return find(id);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private IntegrationRepresentation find(String id) {
        return IntegrationRepresentation.of(overview.integration(id));
    }

    private static void requireValidId(String id) {
        if (!IntegrationIds.isValid(id)) {
            throw new InvalidRequestException("The path names an invalid integration: " + IntegrationIds.RULE + ".");
        }
    }

    /** JAX-RS lets a request without a content type through {@code @Consumes}; a body still needs one. */
    private static JsonObject json(String type, InputStream body) {
        if (type == null) {
            throw new NotSupportedException("The body must be sent as application/json.");
        }
        return JsonBody.parse(Bodies.read(body, MAX_BODY));
    }

    private static SystemInstance instance(JsonObject request, String name) {
        JsonValue value = request.get(name);
        if (!(value instanceof JsonObject instance)
                || !(instance.get("type") instanceof JsonString type)
                || !(instance.get("key") instanceof JsonString key)) {
            throw new InvalidRequestException("'" + name + "' must be an object with the strings 'type' and 'key'.");
        }
        try {
            return new SystemInstance(type.getString(), key.getString());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + name + "': " + e.getMessage() + ".");
        }
    }
}
