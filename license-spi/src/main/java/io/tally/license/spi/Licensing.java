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
}
