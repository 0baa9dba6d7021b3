package io.tally.license.time;

import java.time.Instant;

/**
 * The clock fell behind the latest time seen, or is right again: fired once per turn, before the
 * guard takes it as said (an observer that fails makes the next tick fire it again).
 */
public record ClockTurned(boolean behind, Instant now, Instant latestSeen) {
}
