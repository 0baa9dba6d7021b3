package io.tally.license.web.integrations;

import io.tally.license.application.IntegrationLicensing;
import io.tally.license.application.Overview;
import io.tally.license.points.IntegrationIds;
import io.tally.license.points.Pair;
import io.tally.license.spi.SystemInstance;
import io.tally.license.transfers.MonthlyTransfers;
import io.tally.license.web.problems.InvalidRequestException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
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

    /** Body: {@code {"systemA": {"type": "servicenow", "key": "..."}, "systemB": {"type": "jira", "key": "..."}}}. */
    @POST
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    public IntegrationRepresentation start(@PathParam("id") String id, InputStream body) throws IOException {
        requireValidId(id);
        JsonObject request = json(body);
        licensing.start(id, Pair.of(instance(request, "systemA"), instance(request, "systemB")));
        return find(id);
    }

    @POST
    @Path("{id}/stop")
    public IntegrationRepresentation stop(@PathParam("id") String id) {
        requireValidId(id);
        licensing.stop(id);
        return find(id);
    }

    /** Body: {@code {"records": n}}, n ≥ 1: records of the main entity successfully loaded into the target (rule 3). */
    @POST
    @Path("{id}/transfers")
    @Consumes(MediaType.WILDCARD)
    public MonthlyTransfers transferred(@PathParam("id") String id, InputStream body) throws IOException {
        requireValidId(id);
        JsonObject request = json(body);
        if (!(request.get("records") instanceof jakarta.json.JsonNumber number) || !number.isIntegral()
                || number.bigIntegerValue().signum() <= 0 || number.bigIntegerValue().bitLength() > 62) {
            throw new InvalidRequestException("'records' must be a whole number of at least 1.");
        }
        return licensing.report(id, number.longValue());
    }

    @GET
    public List<IntegrationRepresentation> list() {
        return overview.integrations().stream().map(IntegrationRepresentation::of).toList();
    }

    private IntegrationRepresentation find(String id) {
        return IntegrationRepresentation.of(overview.integration(id));
    }

    private static void requireValidId(String id) {
        if (!IntegrationIds.isValid(id)) {
            throw new InvalidRequestException("The path names an invalid integration: " + IntegrationIds.RULE + ".");
        }
    }

    private static JsonObject json(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new InvalidRequestException("The body is larger than " + MAX_BODY + " bytes.");
        }
        try (var reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new InvalidRequestException("The body must be a JSON object.");
        }
    }

    private static SystemInstance instance(JsonObject request, String name) {
        JsonValue value = request.get(name);
        if (!(value instanceof JsonObject instance)
                || !(instance.get("type") instanceof jakarta.json.JsonString type)
                || !(instance.get("key") instanceof jakarta.json.JsonString key)) {
            throw new InvalidRequestException("'" + name + "' must be an object with the strings 'type' and 'key'.");
        }
        try {
            return new SystemInstance(type.getString(), key.getString());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + name + "': " + e.getMessage() + ".");
        }
    }
}
