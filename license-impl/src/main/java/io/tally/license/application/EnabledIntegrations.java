package io.tally.license.application;

import io.tally.license.points.Pair;
import io.tally.license.points.PointsChanged;
import io.tally.license.spi.DisableReason;
import io.tally.license.transfers.LicenceMeter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's view of the integrations, for the fast path of a start and for transfer reports: a
 * cache of committed outcomes. Every entry carries the revision its database row had, and a change
 * is applied only when it is newer, so commits whose after-commit work runs out of order never leave
 * an older state behind. A stop marks its entry disabled before its transaction begins, and puts it back
 * when that transaction does not commit.
 */
@ApplicationScoped
public class EnabledIntegrations {

    /**
     * One integration as last committed.
     *
     * @param meter  the transferred-records meter of its licence, for reports without a lookup; {@code null} when it has none
     * @param reason why Tally disabled it; {@code null} when enabled or stopped by the platform
     */
    record Entry(long revision, boolean enabled, Pair pair, String licenceId, LicenceMeter meter, DisableReason reason, Instant updatedAt) {
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    Entry get(String integrationId) {
        return byId.get(integrationId);
    }

    /** Applies a committed change unless a newer one is already known. */
    void apply(PointsChanged.Change change, LicenceMeter meter) {
        Entry fresh = new Entry(change.revision(), change.enabled(), change.pair(), change.licenceId(), meter, change.reason(), change.updatedAt());
        byId.merge(change.integrationId(), fresh, (known, candidate) -> known.revision() >= candidate.revision() ? known : candidate);
    }

    /** An entry marked disabled by a stop in progress, and the entry it replaced. */
    record Stopping(String integrationId, Entry before, Entry marked) {
    }

    /**
     * Before a stop's transaction: no fast-path start may answer yes from here on. The mark is undone by
     * {@link #stopNotCommitted} if the transaction does not commit (null when this view does not know the integration).
     */
    Stopping stopping(String integrationId) {
        Entry[] marked = new Entry[2];
        byId.computeIfPresent(integrationId, (id, known) -> {
            marked[0] = known;
            marked[1] = new Entry(known.revision(), false, known.pair(), known.licenceId(), known.meter(), known.reason(), known.updatedAt());
            return marked[1];
        });
        return marked[0] == null ? null : new Stopping(integrationId, marked[0], marked[1]);
    }

    /** The stop did not commit: the entry is as it was, unless a committed change has replaced the mark meanwhile. */
    void stopNotCommitted(Stopping stopping) {
        if (stopping != null) {
            byId.replace(stopping.integrationId(), stopping.marked(), stopping.before());
        }
    }

    /** The integrations this view knows on the licences' points, whatever their state: what a licence's change may have touched. */
    java.util.List<String> idsOf(java.util.Set<String> licenceIds) {
        return byId.entrySet().stream().filter(e -> licenceIds.contains(e.getValue().licenceId())).map(Map.Entry::getKey).toList();
    }

    void clear() {
        byId.clear();
    }
}
