package io.tally.license.points;

import jakarta.enterprise.context.ApplicationScoped;
import io.tally.license.transfers.LicenceMeter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's view of the enabled integrations, for the fast path of a start: an integration already
 * enabled on the same pair under a usable licence starts again without a database round trip. Filled
 * only after commits; an integration leaves it before its stop's transaction begins.
 */
@ApplicationScoped
public class EnabledIntegrations {

    /** @param meter the transferred-records meter of the licence, for reports without a lookup */
    record Enabled(Pair pair, String licenceId, LicenceMeter meter) {
    }

    private final Map<String, Enabled> byId = new ConcurrentHashMap<>();

    Enabled get(String integrationId) {
        return byId.get(integrationId);
    }

    void put(String integrationId, Pair pair, String licenceId, LicenceMeter meter) {
        byId.put(integrationId, new Enabled(pair, licenceId, meter));
    }

    void remove(String integrationId) {
        byId.remove(integrationId);
    }

    void clear() {
        byId.clear();
    }
}
