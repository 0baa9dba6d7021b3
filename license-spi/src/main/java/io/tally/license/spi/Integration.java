package io.tally.license.spi;

/**
 * The platform's unit of work as Tally sees it: an id and the pair of system instances it connects.
 * The parameter of a {@link LicensedStart} or {@link LicensedStop} method implements it.
 */
public interface Integration {

    /** The platform's stable id of this integration (1-128 letters, digits, {@code . _ : -}). */
    String integrationId();

    SystemInstance systemA();

    SystemInstance systemB();
}
