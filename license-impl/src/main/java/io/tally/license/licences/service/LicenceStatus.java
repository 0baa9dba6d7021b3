package io.tally.license.licences.service;

/** Where an installed licence stands now; only {@link #VALID} gives new points. */
public enum LicenceStatus {
    VALID,
    NOT_YET_VALID,
    /** Past its expiry, within its grace days: held points stay, no new pair gets one. */
    IN_GRACE,
    EXPIRED,
    /** Perpetual, but its maintenance ended before this build was made. */
    NOT_VALID_FOR_THIS_BUILD,
    /** Bound to an address this host no longer has. */
    WRONG_HOST,
    /** The stored file no longer verifies: changed in the database, or its key is no longer trusted. */
    INVALID
}
