package io.tally.license.spi;

/**
 * Why Tally refused a start or a report: the stable codes of {@link LicenceException} (also the
 * {@code code} member of the REST problem documents).
 *
 * @since 1.1
 */
public enum RefusalCode {
    /** No installed licence covers the pair's two system types. */
    NO_LICENCE("no-licence"),
    /** Licences cover the types, but every point of every valid one is taken. */
    NO_FREE_POINT("no-free-point"),
    /** Licences cover the types, but none gives points now (not yet started, expired, or in its grace days). */
    LICENCE_NOT_VALID("licence-not-valid"),
    /**
     * Only perpetual licences cover the types, and their maintenance ended before this build of the
     * product was made: they stay valid for the builds before it.
     */
    NOT_VALID_FOR_THIS_BUILD("not-valid-for-this-build"),
    /** No deployed connector declares one of the pair's system types. */
    UNKNOWN_SYSTEM_TYPE("unknown-system-type"),
    /** The licence's monthly transferred records passed its cap plus buffer. */
    TRANSFER_CAP_EXCEEDED("transfer-cap-exceeded"),
    /** A transfer report for an integration that is not enabled. */
    INTEGRATION_NOT_ENABLED("integration-not-enabled"),
    /**
     * The server's clock reads earlier than the latest time Tally has seen (by more than a tolerance):
     * new integrations wait until the clock is right; running ones keep running.
     */
    CLOCK_BEHIND("clock-behind"),
    /** A method guarded by {@link RequiresCapability} ran while no valid licence grants its capability. */
    CAPABILITY_MISSING("capability-missing"),
    /**
     * The database does not answer, so nothing can be decided: try again shortly. Enabled integrations
     * keep running and their transfers are counted meanwhile.
     *
     * @since 1.2
     */
    DATABASE_UNAVAILABLE("database-unavailable");

    private final String code;

    RefusalCode(String code) {
        this.code = code;
    }

    /** The code as written in messages and problem documents: {@code no-free-point}. */
    public String code() {
        return code;
    }
}
