package io.tally.license.licences.service;

/** Where an installed licence stands now; only {@link #VALID} allows anything. */
public enum LicenceStatus {
    VALID,
    NOT_YET_VALID,
    EXPIRED,
    /** Bound to an address this host no longer has. */
    WRONG_HOST,
    /** The stored file no longer verifies: changed in the database, or its key is no longer trusted. */
    INVALID
}
