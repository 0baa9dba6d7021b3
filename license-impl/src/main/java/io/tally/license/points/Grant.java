package io.tally.license.points;

/**
 * The outcome of an allowed start.
 *
 * @param pointTaken    this start took a point for the pair
 * @param newlyEnabled  the integration was not enabled on this pair before this start
 */
public record Grant(String integrationId, String licenceId, boolean pointTaken, boolean newlyEnabled) {
}
