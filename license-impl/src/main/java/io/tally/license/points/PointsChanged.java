package io.tally.license.points;

import io.tally.license.spi.LicensingEvent;
import java.util.List;

/**
 * What one committed transaction changed about points, for what must follow the commit: the in-memory
 * view of enabled integrations, the platform's {@link io.tally.license.spi.IntegrationSwitch}, and the
 * public events.
 *
 * @param enabled          integrations now enabled, with the licence giving their pair its point
 * @param stopped          integrations the platform stopped
 * @param disabledByTally  integrations Tally disabled, to be told to the platform
 */
record PointsChanged(List<Enabled> enabled, List<String> stopped, List<LicensingEvent.IntegrationDisabled> disabledByTally,
                     List<LicensingEvent> events) {

    record Enabled(String integrationId, Pair pair, String licenceId) {
    }
}
