package io.tally.license.spi;

/**
 * Why Tally disabled an integration itself (or, as the cause of a {@link LicensingEvent.PointMoved},
 * why a pair's point had to leave its licence).
 */
public enum DisableReason {
    /** The licence that gave its pair a point was removed (rule 6). */
    LICENCE_REMOVED,
    /** The licence was renewed with fewer points or other system types, and this pair lost its point (rule 7). */
    LICENCE_RENEWED,
    /** The licence expired (rule 5). */
    LICENCE_EXPIRED,
    /** The licence's monthly transferred-records cap plus its buffer was exceeded (rule 3). */
    TRANSFER_CAP_EXCEEDED
}
