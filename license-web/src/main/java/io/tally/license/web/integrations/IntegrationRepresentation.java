package io.tally.license.web.integrations;

import io.tally.license.points.IntegrationRecord;
import java.time.Instant;

/** An integration over REST: its pair, whether it is enabled, the licence giving its point, why it is disabled. */
public record IntegrationRepresentation(String id, String state, InstanceRepresentation systemA, InstanceRepresentation systemB,
                                        String licenceId, String disabledReason, String disabledDetail, Instant updatedAt) {

    /** One system instance: its type and the connector's key for it. */
    public record InstanceRepresentation(String type, String key) {
    }

    static IntegrationRepresentation of(IntegrationRecord record) {
        var pair = record.pair();
        return new IntegrationRepresentation(record.integrationId(), record.enabled() ? "ENABLED" : "DISABLED",
                new InstanceRepresentation(pair.first().type(), pair.first().key()),
                new InstanceRepresentation(pair.second().type(), pair.second().key()),
                record.licenceId(), record.disabledReason(), record.disabledDetail(), record.updatedAt());
    }
}
