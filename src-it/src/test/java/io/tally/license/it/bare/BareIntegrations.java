package io.tally.license.it.bare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the least a REST licensing endpoint must do costs: read the same JSON bodies Tally reads,
 * count in a {@link LongAdder} or look up a map, and answer JSON of the same shape. No login, no rules.
 */
@Path("bare/integrations")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class BareIntegrations {

    private final LongAdder records = new LongAdder();
    private final Map<String, String> enabled = new ConcurrentHashMap<>();

    /** What the benchmark polls while the server boots. */
    @GET
    @Path("ready")
    public String ready() {
        return "{\"status\":\"UP\"}";
    }

    /** Tally's {@code /api/integrations/{id}/transfers}: {@code {"records": n}}. */
    @POST
    @Path("{id}/transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Counted transferred(@PathParam("id") String id, InputStream body) {
        long n = read(body).getJsonNumber("records").longValueExact();
        records.add(n);
        return new Counted(id, "2026-11", records.sum(), null, false, false);
    }

    /** Tally's {@code /api/integrations/{id}/start}: two system instances; answers the integration. */
    @POST
    @Path("{id}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public Started start(@PathParam("id") String id, InputStream body) {
        JsonObject request = read(body);
        JsonObject a = request.getJsonObject("systemA");
        JsonObject b = request.getJsonObject("systemB");
        String pair = a.getString("type") + "#" + a.getString("key") + "|" + b.getString("type") + "#" + b.getString("key");
        enabled.put(id, pair);
        return new Started(id, "ENABLED", pair, "BARE");
    }

    private static JsonObject read(InputStream body) {
        try (JsonReader reader = Json.createReader(body)) {
            return reader.readObject();
        }
    }

    public record Counted(String licenceId, String month, long transferredRecords, Long cap, boolean warned, boolean cutOff) {
    }

    public record Started(String integrationId, String state, String pair, String licenceId) {
    }
}
