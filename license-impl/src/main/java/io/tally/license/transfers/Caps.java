package io.tally.license.transfers;

/** The monthly cap of a licence, from the licences it is installed as (provided by the application layer). */
public interface Caps {

    /** The cap of transferred records per month; {@code null} when unlimited or not installed. */
    Long capOf(String licenceId);
}
