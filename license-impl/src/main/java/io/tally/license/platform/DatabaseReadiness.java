package io.tally.license.platform;

import io.tally.license.application.OtherNodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the schema is migrated and this node read the database (its change log, every
 * {@code tally.cluster.poll-interval-ms}) less than {@code tally.cluster.stale-after-ms} ago: a probe
 * answers at once, and never waits for the connection pool while the database is away.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    Database database;

    @Inject
    OtherNodes otherNodes;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tally-database").status(database.migrated() && otherNodes.fresh()).build();
    }
}
