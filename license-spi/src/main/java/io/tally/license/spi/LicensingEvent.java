package io.tally.license.spi;

import java.time.YearMonth;
import java.util.List;

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

    /**
     * A pair's point moved to another licence because the one that gave it expired, was removed or was
     * renewed without it: its integrations keep running, now under {@code toLicenceId}.
     */
    record PointMoved(String fromLicenceId, String toLicenceId, SystemInstance first, SystemInstance second, DisableReason cause)
            implements LicensingEvent {
    }

    /**
     * A licence's expiry is near: fired once per threshold of {@code tally.expiry.warning-days} (30, 15,
     * 5 and 1 days by default) that its days left pass, once across restarts and nodes. A licence found
     * already well inside the window fires only the nearest threshold.
     *
     * @since 1.2
     */
    record ExpiryApproaching(String licenceId, long daysLeft, java.time.Instant expire) implements LicensingEvent {
    }

    /**
     * A licence's points in use, or this month's transferred records, reached the configured share of
     * what it allows ({@code tally.alerts.points-percent}, {@code tally.alerts.records-percent}; 80 %
     * by default): time to ask the vendor for more. {@code what} is {@code points} or {@code records}.
     *
     * @since 1.2
     */
    record CapacityAlert(String licenceId, String what, long used, long total, int percent) implements LicensingEvent {
    }

    /** This month's transferred records reached the licence's cap: a warning, nothing is disabled yet. */
    record TransferCapReached(String licenceId, YearMonth month, long records, long cap) implements LicensingEvent {
    }

    /** The count passed the cap plus its buffer: every integration of the licence is being disabled. */
    record TransferCapExceeded(String licenceId, YearMonth month, long records, long limit) implements LicensingEvent {
    }

    /**
     * A new month began for the licence's count. Integrations that the cap disabled last month may start
     * again; Tally does not restart them: the platform decides.
     */
    record TransferMonthStarted(String licenceId, YearMonth month, long lastMonthRecords, List<String> disabledByCap)
            implements LicensingEvent {
        public TransferMonthStarted {
            disabledByCap = List.copyOf(disabledByCap);
        }
    }

    /**
     * A renewal raised the licence's cap in the middle of a month past this month's count: the cut-off
     * is lifted. The integrations the cap disabled may start again; Tally does not restart them: the
     * platform decides, as at a new month.
     *
     * @since 1.2
     */
    record TransferCapLifted(String licenceId, YearMonth month, long records, long limit, List<String> disabledByCap)
            implements LicensingEvent {
        public TransferCapLifted {
            disabledByCap = List.copyOf(disabledByCap);
        }
    }

    /** Tally disabled an integration (and told the platform's {@link IntegrationSwitch}). */
    record IntegrationDisabled(String integrationId, String licenceId, DisableReason reason, String detail) implements LicensingEvent {
    }
}
