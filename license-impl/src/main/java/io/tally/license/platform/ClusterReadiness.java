package io.tally.license.platform;

import io.tally.license.application.OtherNodes;
import io.tally.license.cluster.ClusterSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * This node among the others: the data grid's members it sees, the change-log epoch its memory holds, and
 * whether its memory may answer starts. Always UP: a node with stale memory is not ready by
 * {@code tally-database}.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    OtherNodes otherNodes;

    @Inject
    ClusterSignal signal;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tally-cluster").up()
                .withData("dataGridMembers", signal.members())
                .withData("epoch", otherNodes.applied())
                .withData("memoryAnswersStarts", otherNodes.fresh())
                .build();
    }
}
