package io.tally.license.spi;

/**
 * What the platform calls when it does not use the annotations; inject it with CDI. Both methods are
 * safe to call from many threads at once.
 */
public interface Licensing {

    /**
     * Enables the integration under a licence point for its pair (rule 1). Starting an integration that
     * is already enabled on the same pair costs nothing and touches no database.
     *
     * @throws LicenceException when no valid licence gives the pair a point
     */
    void start(Integration integration);

    /** Disables the integration and releases its pair's point when no other enabled integration uses it (rule 2). */
    void stop(String integrationId);

    /**
     * Counts records the integration transferred (rule 3), per record or per batch. Report only records
     * of the integration's <b>main entity</b> that were <b>successfully loaded into the target</b>:
     * never comments, attachments or other child records, never failed or ignored records. Records of
     * every workflow count, against the monthly cap of the licence that gives the integration's pair
     * its point. Counting happens in memory; it is cheap enough to call for every record.
     *
     * <p>The report that first takes the month's count past the cap plus its buffer is still counted,
     * and Tally then disables every integration of that licence through {@link IntegrationSwitch}.
     *
     * @param records how many, at least 1 and at most {@link #MAX_RECORDS_PER_REPORT}
     * @throws IllegalArgumentException for fewer than 1 or more than {@link #MAX_RECORDS_PER_REPORT} records
     * @throws LicenceException {@code transfer-cap-exceeded} once the licence is cut off for this month
     *                          (the records are not counted), {@code integration-not-enabled} for an
     *                          integration that is not enabled
     */
    void transferred(String integrationId, long records);

    /**
     * The capabilities of every licence valid now, together: what the platform may switch on. Changes
     * with uploads, removals and expiry.
     *
     * @since 1.2
     */
    java.util.Set<String> capabilities();

    /**
     * Whether a licence valid now grants the capability.
     *
     * @since 1.2
     */
    default boolean hasCapability(String capability) {
        return capabilities().contains(capability);
    }

    /**
     * The most records one report may carry: a billion. Far beyond any batch, and small enough that a
     * month's count can never overflow, whatever the platform sends.
     */
    long MAX_RECORDS_PER_REPORT = 1_000_000_000L;
}
