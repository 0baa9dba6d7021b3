package io.tally.license.application;

import io.tally.license.points.PointAllocator;
import io.tally.license.points.PointsChanged;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.spi.SystemInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * Notes the decisions about points in the licensing record, inside the transaction that takes them:
 * points taken, released and moved, integrations Tally disabled. Each point entry carries the
 * licence's points in use after the transaction, from which a month's maximum is read.
 */
@ApplicationScoped
public class RecordedDecisions {

    @Inject
    LicensingRecord record;

    @Inject
    PointAllocator points;

    void decided(@Observes PointsChanged change) {
        Map<String, Long> used = new HashMap<>(change.pointsUsed());
        for (LicensingEvent event : change.events()) {
            if (event instanceof LicensingEvent.PointTaken taken) {
                record.note(Fact.of(EntryType.POINT_TAKEN, taken.licenceId()).with("pair", pair(taken.first(), taken.second()))
                        .with("integration", taken.integrationId()).with("pointsUsed", used(used, taken.licenceId())));
            } else if (event instanceof LicensingEvent.PointReleased released) {
                record.note(Fact.of(EntryType.POINT_RELEASED, released.licenceId()).with("pair", pair(released.first(), released.second()))
                        .with("pointsUsed", used(used, released.licenceId())));
            } else if (event instanceof LicensingEvent.PointMoved moved) {
                record.note(Fact.of(EntryType.POINT_MOVED, moved.toLicenceId()).with("pair", pair(moved.first(), moved.second()))
                        .with("from", moved.fromLicenceId()).with("cause", moved.cause().name()).with("pointsUsed", used(used, moved.toLicenceId())));
            } else if (event instanceof LicensingEvent.IntegrationDisabled disabled) {
                record.note(Fact.of(EntryType.INTEGRATION_DISABLED, disabled.licenceId()).with("integration", disabled.integrationId())
                        .with("reason", disabled.reason().name()).with("detail", disabled.detail()));
            }
        }
    }

    private long used(Map<String, Long> used, String licenceId) {
        return used.computeIfAbsent(licenceId, points::pointsUsedBy);
    }

    private static String pair(SystemInstance first, SystemInstance second) {
        return first + " – " + second;
    }
}
