package io.tally.license.spi;

/**
 * CDI events Tally fires after each decision is committed: {@code void on(@Observes LicensingEvent.PointTaken e)}.
 */
public sealed interface LicensingEvent {

    /** A pair got a point from a licence because this integration started. */
    record PointTaken(String licenceId, SystemInstance first, SystemInstance second, String integrationId) implements LicensingEvent {
    }

    /** A pair gave its point back: its last integration stopped, or Tally disabled its integrations. */
    record PointReleased(String licenceId, SystemInstance first, SystemInstance second) implements LicensingEvent {
    }

    /** Tally disabled an integration (and told the platform's {@link IntegrationSwitch}). */
    record IntegrationDisabled(String integrationId, String licenceId, DisableReason reason, String detail) implements LicensingEvent {
    }
}
