package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.spi.LicensingEvent;
import java.util.List;

/**
 * What an upload or a removal would change, worked out in a transaction that is then rolled back:
 * the licence before and after, and the pairs that would move, lose their point, or see their
 * integrations disabled. Nothing stored changes.
 *
 * @param before the installed licence it replaces or removes; {@code null} for a new licence
 * @param after  the licence as it would be installed; {@code null} for a removal
 */
public record LicencePreview(String licenceId, Licence before, Licence after, List<LicensingEvent.PointMoved> moved,
                             List<LicensingEvent.PointReleased> released, List<LicensingEvent.IntegrationDisabled> disabled) {

    public LicencePreview {
        moved = List.copyOf(moved);
        released = List.copyOf(released);
        disabled = List.copyOf(disabled);
    }

    static LicencePreview of(String licenceId, Licence before, Licence after, List<LicensingEvent> events) {
        return new LicencePreview(licenceId, before, after,
                events.stream().filter(LicensingEvent.PointMoved.class::isInstance).map(LicensingEvent.PointMoved.class::cast).toList(),
                events.stream().filter(LicensingEvent.PointReleased.class::isInstance).map(LicensingEvent.PointReleased.class::cast).toList(),
                events.stream().filter(LicensingEvent.IntegrationDisabled.class::isInstance).map(LicensingEvent.IntegrationDisabled.class::cast).toList());
    }
}
