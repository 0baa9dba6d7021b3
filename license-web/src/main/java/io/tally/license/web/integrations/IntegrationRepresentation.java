package io.tally.license.web.integrations;

import io.tally.license.application.Overview;
import java.time.Instant;

/** An integration over REST: its pair, whether it is enabled, the licence giving its point, why it is disabled. */
public record IntegrationRepresentation(String id, String state, InstanceRepresentation systemA, InstanceRepresentation systemB,
                                        String licenceId, String disabledReason, String disabledDetail, Instant updatedAt) {

    /** One system instance: its type and the connector's key for it. */
    public record InstanceRepresentation(String type, String key) {
    }

    static IntegrationRepresentation of(Overview.IntegrationView view) {
        return new IntegrationRepresentation(view.id(), view.enabled() ? "ENABLED" : "DISABLED",
                new InstanceRepresentation(view.first().type(), view.first().key()),
                new InstanceRepresentation(view.second().type(), view.second().key()),
                view.licenceId(), view.disabledReason(), view.disabledDetail(), view.updatedAt());
    }
}
