package io.tally.license.points;

import io.tally.license.spi.DisableReason;
import io.tally.license.spi.LicensingEvent;
import java.util.List;

/**
 * What one transaction changed about integrations and points, fired inside it and observed after it
 * commits: for the in-memory view of integrations, the platform's switch and the public events.
 * Every change names the integration's revision, so a view that sees two commits' changes out of
 * order keeps the later one.
 *
 * @param changes         each integration's state after the transaction
 * @param disabledByTally integrations Tally disabled, to be told to the platform
 * @param pointsUsed      points in use after the transaction, of the licences the transaction counted under their
 *                        rows' locks anyway (a start's chosen licence); others are not in it
 */
public record PointsChanged(List<Change> changes, List<LicensingEvent.IntegrationDisabled> disabledByTally, List<LicensingEvent> events,
                            java.util.Map<String, Long> pointsUsed) {

    /** A change that knows no licence's points in use: whoever needs them reads them. */
    public PointsChanged(List<Change> changes, List<LicensingEvent.IntegrationDisabled> disabledByTally, List<LicensingEvent> events) {
        this(changes, disabledByTally, events, java.util.Map.of());
    }

    /**
     * One integration as the transaction left it.
     *
     * @param licenceId the licence giving its pair a point when enabled; the one that did when disabled
     * @param reason    why Tally disabled it; {@code null} when enabled or stopped by the platform
     */
    public record Change(String integrationId, long revision, boolean enabled, Pair pair, String licenceId, DisableReason reason,
                         java.time.Instant updatedAt) {
    }
}
