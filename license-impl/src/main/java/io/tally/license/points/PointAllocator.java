package io.tally.license.points;

import io.tally.license.database.LastWrites;
import io.tally.license.licences.Licence;
import io.tally.license.spi.DisableReason;
import io.tally.license.spi.LicensingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Points in the database, where several nodes meet. Every transaction here and in the licence
 * changes locks in one order, so none waits for another in a circle: licence rows (by id), then
 * allocation rows (by pair key), then integration rows. The primary key of {@code point_allocation}
 * keeps a pair from holding two points even if a lock were missed.
 */
@ApplicationScoped
public class PointAllocator {

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    PointSources licences;

    @Inject
    Event<PointsChanged> changed;

    @Inject
    Clock clock;

    /**
     * Rule 1, the slow path: enables the integration on the pair, taking a point when the pair holds
     * none. A new point is counted against licence rows locked and verified in this transaction, so a
     * renewal or removal committing meanwhile is either wholly before or wholly after it.
     */
    @Transactional(Transactional.TxType.MANDATORY) // the application's unit of work, which writes the record last
    public Grant start(String integrationId, Pair pair) {
        return start(integrationId, pair, BatchLocks.NONE);
    }

    /**
     * A start of a batch, after {@link #lockForStarts}: as alone, but a row outside {@code held} is never
     * waited for (it fails as a lost race; see {@link BatchLocks}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Grant start(String integrationId, Pair pair, BatchLocks held) {
        Instant now = clock.instant();
        String pairKey = pair.key(); // a SHA-256: worked out once a start
        List<LicensingEvent> events = new ArrayList<>();
        List<PointsChanged.Change> changes = new ArrayList<>();
        // The lock order of every transaction: licence rows (by id), point allocations (by pair key), integrations.
        List<Licence> covering = licences.covering(pair);
        List<Licence> locked = lockCovering(covering, pair, held);
        // rows the batch found missing are not looked for again (a statement each saved on a new pair's start)
        String otherPair = (held.absentIntegration(integrationId) ? Optional.<String>empty() : enabledPairKey(integrationId))
                .filter(key -> !key.equals(pairKey)).orElse(null);
        PointAllocation otherPoint = null;
        if (otherPair != null) {
            held.pair(otherPair);
        }
        if (otherPair != null && otherPair.compareTo(pairKey) < 0) {
            otherPoint = lockAllocation(otherPair);
        }
        held.pair(pairKey);
        PointAllocation point = held.absentPair(pairKey) ? null : lockAllocation(pairKey);
        if (otherPair != null && otherPair.compareTo(pairKey) > 0) {
            otherPoint = lockAllocation(otherPair);
        }
        IntegrationRecord integration = held.absentIntegration(integrationId) ? null
                : em.find(IntegrationRecord.class, integrationId, LockModeType.PESSIMISTIC_WRITE);
        boolean wasEnabledHere = integration != null && integration.enabled() && integration.pairKey().equals(pairKey);
        if (integration != null && integration.enabled() && !wasEnabledHere) {
            if (!integration.pairKey().equals(otherPair)) {
                throw new PessimisticLockException("integration " + integrationId + " moved to another pair meanwhile"); // tried again
            }
            if (otherPoint != null) {
                held.counter(otherPoint.licenceId());
            }
            stopLocked(integration, otherPoint, IntegrationRecord.STOPPED, "moved to pair " + pair, now, events); // the platform moved it to another pair
            changes.add(integration.change()); // other nodes may know it on the old pair
        }
        boolean taken = false;
        java.util.Map<String, Long> used = new HashMap<>();
        if (point == null || !keeps(locked, point.licenceId(), now)) {
            List<Licence> giving = giving(locked, now);
            Map<String, PointsInUse> counters = lockCounters(giving.stream().map(Licence::id).toList(), point == null ? null : point.licenceId(), held);
            List<Candidate> candidates = giving.stream().map(l -> new Candidate(l, counters.get(l.id()).used())).toList();
            Licence chosen = PointRules.choose(candidates)
                    .orElseThrow(() -> PointRules.refusal(pair, candidates, covering, l -> licences.phase(l, now), licences::cutOff));
            PointsInUse chosenCount = counters.get(chosen.id());
            count(chosenCount, 1);
            used.put(chosen.id(), chosenCount.used()); // counted under the counter's lock: the record needs no count of its own
            if (point == null) {
                point = new PointAllocation(pair, chosen.id(), now);
                em.persist(point);
                held.pairMade(pairKey);
            } else {
                events.add(new LicensingEvent.PointReleased(point.licenceId(), pair.first(), pair.second()));
                count(counters.get(point.licenceId()), -1);
                point.moveTo(chosen.id());
            }
            taken = true;
            events.add(new LicensingEvent.PointTaken(chosen.id(), pair.first(), pair.second(), integrationId));
        }
        if (integration == null) {
            integration = new IntegrationRecord(integrationId);
            integration.enable(pair, point.licenceId(), now);
            em.persist(integration);
            held.integrationMade(integrationId);
        } else {
            integration.enable(pair, point.licenceId(), now);
        }
        em.flush();
        changes.add(integration.change());
        changed.fire(new PointsChanged(changes, List.of(), events, used));
        return new Grant(integrationId, point.licenceId(), taken, !wasEnabledHere);
    }

    /**
     * Before several starts decided in one transaction: takes the locks they will take, in the order of
     * every transaction (the covering licences' rows, the pairs' allocations, the integrations, the
     * points-in-use rows). One start after another would take a pair's allocation after the previous
     * start's points-in-use row, against that order, and could wait for a stop that waits for it.
     * Returns what it locked: the batch's starts take no other row ({@link #start(String, Pair, BatchLocks)}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public BatchLocks lockForStarts(List<String> integrationIds, List<Pair> pairs) {
        java.util.TreeSet<String> licenceIds = new java.util.TreeSet<>();
        java.util.TreeSet<String> pairKeys = new java.util.TreeSet<>();
        for (Pair pair : pairs) {
            licences.covering(pair).forEach(licence -> licenceIds.add(licence.id()));
            pairKeys.add(pair.key());
        }
        java.util.Set<String> ids = new java.util.TreeSet<>(integrationIds);
        // the pairs integrations move from, read without a lock: which allocations to lock too
        pairKeys.addAll(em.createQuery("SELECT i.pairKey FROM IntegrationRecord i WHERE i.integrationId IN :ids AND i.enabled = TRUE", String.class)
                .setParameter("ids", ids).getResultList());
        List<String> locked = new ArrayList<>();
        for (String id : licenceIds) {
            licences.lockVerified(id).ifPresent(licence -> locked.add(licence.id()));
        }
        // one statement each, rows locked in key order; the starts' own lookups then find them locked in this transaction
        List<PointAllocation> allocations = em.createQuery("SELECT a FROM PointAllocation a WHERE a.pairKey IN :keys ORDER BY a.pairKey",
                PointAllocation.class).setParameter("keys", pairKeys).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        List<IntegrationRecord> integrations = em.createQuery("SELECT i FROM IntegrationRecord i WHERE i.integrationId IN :ids ORDER BY i.integrationId",
                IntegrationRecord.class).setParameter("ids", ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        // the points-in-use rows a start may change: the locked licences' and those of the pairs' points now, in id order
        java.util.TreeSet<String> counters = new java.util.TreeSet<>(locked);
        allocations.forEach(point -> counters.add(point.licenceId()));
        counters.forEach(this::counter);
        java.util.Set<String> absentIntegrations = new java.util.HashSet<>(ids);
        integrations.forEach(integration -> absentIntegrations.remove(integration.integrationId()));
        java.util.Set<String> absentPairs = new java.util.HashSet<>(pairKeys);
        allocations.forEach(point -> absentPairs.remove(point.pairKey()));
        return new BatchLocks(java.util.Set.copyOf(locked), java.util.Set.copyOf(pairKeys), java.util.Set.copyOf(counters),
                absentIntegrations, absentPairs);
    }

    /** Rule 2: disables the integration; its pair's point goes back when no other enabled integration uses it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean stop(String integrationId) {
        Optional<String> pairKey = enabledPairKey(integrationId);
        if (pairKey.isEmpty()) {
            if (em.find(IntegrationRecord.class, integrationId) == null) {
                throw new IntegrationNotFoundException(integrationId);
            }
            return false;
        }
        PointAllocation point = lockAllocation(pairKey.get()); // the allocation before the integration: the lock order of every transaction
        IntegrationRecord integration = em.find(IntegrationRecord.class, integrationId, LockModeType.PESSIMISTIC_WRITE);
        if (!integration.enabled()) {
            return false;
        }
        if (!integration.pairKey().equals(pairKey.get())) {
            throw new PessimisticLockException("integration " + integrationId + " moved to another pair meanwhile"); // tried again
        }
        List<LicensingEvent> events = new ArrayList<>();
        stopLocked(integration, point, IntegrationRecord.STOPPED, null, clock.instant(), events);
        changed.fire(new PointsChanged(List.of(integration.change()), List.of(), events));
        return true;
    }

    /** These integrations as the database holds them now, in any state (those it does not know are left out). */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<PointsChanged.Change> changesOf(java.util.Collection<String> integrationIds) {
        if (integrationIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT i FROM IntegrationRecord i WHERE i.integrationId IN :ids", IntegrationRecord.class)
                .setParameter("ids", integrationIds).getResultList().stream().map(IntegrationRecord::change).toList();
    }

    /** The pair key an integration is enabled on, read without a lock: which allocation to lock first. */
    private Optional<String> enabledPairKey(String integrationId) {
        return em.createQuery("SELECT i.pairKey FROM IntegrationRecord i WHERE i.integrationId = :id AND i.enabled = TRUE", String.class)
                .setParameter("id", integrationId).getResultList().stream().findFirst();
    }

    private PointAllocation lockAllocation(String pairKey) {
        return em.find(PointAllocation.class, pairKey, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Disables an integration whose row is locked; {@code point} is its pair's allocation as locked before
     * the integration ({@code null} when there was none then). It is never looked up again here: an
     * allocation made meanwhile by another start would be locked after the integration, against the lock
     * order, and that start may be waiting for this integration (a deadlock the mixed-load test met).
     */
    private void stopLocked(IntegrationRecord integration, PointAllocation point, String reason, String detail, Instant now,
                            List<LicensingEvent> events) {
        integration.disable(reason, detail, now);
        em.flush();
        boolean othersEnabled = !em.createNamedQuery("IntegrationRecord.findEnabledOnPair", IntegrationRecord.class)
                .setParameter("pairKey", integration.pairKey()).setMaxResults(1).getResultList().isEmpty();
        if (point != null && !othersEnabled) {
            count(counter(point.licenceId()), -1); // before the removal: a missing row is made from the allocations as they were
            em.remove(point);
            events.add(new LicensingEvent.PointReleased(point.licenceId(), point.pair().first(), point.pair().second()));
        }
    }

    /**
     * Before a licence is renewed, removed or expired, ahead of its own row: locks, in id order, the rows of
     * the licences among {@code covering} (from memory: those its pairs may move to) that sort before it,
     * and says which. The move takes no other licence before it ({@link FailoverLocks}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public FailoverLocks lockFailoverTargetsBefore(String licenceId, List<Licence> covering) {
        java.util.TreeSet<String> ahead = new java.util.TreeSet<>();
        covering.stream().map(Licence::id).filter(id -> id.compareTo(licenceId) < 0).forEach(ahead::add);
        ahead.forEach(licences::lockVerified);
        return new FailoverLocks(licenceId, java.util.Set.copyOf(ahead));
    }

    /**
     * Rule 6, inside the removal's transaction: every pair of the licence moves to another licence that
     * covers its types and has a free point, or loses its point and its integrations are disabled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void licenceRemoved(String licenceId, FailoverLocks failover) {
        relocate(allocationsOf(licenceId), licenceId, failover, DisableReason.LICENCE_REMOVED, "Licence " + licenceId + " was removed.");
    }

    /**
     * Rule 7, inside the renewal's transaction: allocations stay where the renewed licence still allows
     * them; the pairs it drops move to another licence, as at a removal, or are disabled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void licenceRenewed(Licence renewed, FailoverLocks failover) {
        List<PointAllocation> all = allocationsOf(renewed.id());
        java.util.Set<Pair> released = PointRules.releasedByRenewal(all.stream().map(PointAllocation::asRule).toList(), renewed).stream()
                .map(PointRules.Allocation::pair).collect(java.util.stream.Collectors.toSet());
        List<PointAllocation> lost = all.stream().filter(a -> released.contains(a.pair())).toList();
        relocate(lost, renewed.id(), failover, DisableReason.LICENCE_RENEWED, "Licence " + renewed.id() + " was renewed with " + renewed.points()
                + " points for " + renewed.systemA() + "–" + renewed.systemB() + "; this pair lost its point.");
    }

    /**
     * Rule 5, inside the transaction that claimed the licence's expiry: every pair moves to another
     * valid licence with a free point, or loses its point and its integrations are disabled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void licenceExpired(Licence expired, FailoverLocks failover) {
        relocate(allocationsOf(expired.id()), expired.id(), failover, DisableReason.LICENCE_EXPIRED,
                "Licence " + expired.id() + " expired at " + expired.expire()
                        + (expired.graceDays() == null ? "" : " and its " + expired.graceDays() + " days of grace ended at " + expired.end()) + ".");
    }

    /** Rule 3: the licence passed its transfer cap plus buffer; every integration it covers is disabled. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void licenceCutOff(String licenceId, String detail) {
        release(allocationsOf(licenceId), DisableReason.TRANSFER_CAP_EXCEEDED, detail);
    }

    /**
     * Failover before disabling: each pair, longest-held first, moves to the licence a start would choose
     * among the others that cover its types (valid, not cut off, a free point); pairs with nowhere to go
     * are released. Target rows are locked in id order, after the allocations' licence row.
     */
    private void relocate(List<PointAllocation> allocations, String fromLicenceId, FailoverLocks failover, DisableReason cause, String detail) {
        Instant now = clock.instant();
        Map<String, List<Candidate>> byTypes = new HashMap<>();
        List<PointAllocation> nowhere = new ArrayList<>();
        List<PointAllocation> moved = new ArrayList<>();
        List<LicensingEvent> events = new ArrayList<>();
        for (PointAllocation point : allocations) {
            Pair pair = point.pair();
            List<Candidate> candidates = byTypes.computeIfAbsent(pair.types(), types -> {
                List<Licence> targets = licences.covering(pair).stream().filter(l -> !l.id().equals(fromLicenceId)).toList();
                targets.forEach(target -> failover.mayLock(target.id())); // before any of them is locked
                return new ArrayList<>(giving(lockCovering(targets, pair, BatchLocks.NONE), now).stream()
                        .map(l -> new Candidate(l, counter(l.id()).used())).toList());
            });
            Optional<Licence> target = PointRules.choose(candidates);
            if (target.isEmpty()) {
                nowhere.add(point);
                continue;
            }
            String to = target.get().id();
            candidates.replaceAll(c -> c.licence().id().equals(to) ? new Candidate(c.licence(), c.used() + 1) : c);
            count(counter(to), 1);
            count(counter(point.licenceId()), -1);
            point.moveTo(to);
            moved.add(point);
            events.add(new LicensingEvent.PointMoved(fromLicenceId, to, pair.first(), pair.second(), cause));
        }
        List<PointsChanged.Change> changes = new ArrayList<>();
        Map<String, List<IntegrationRecord>> enabledByPair = enabledOnPairsOf(moved); // all at once: a query per pair walked the transaction's rows each time
        for (PointAllocation point : moved) {
            for (IntegrationRecord integration : enabledByPair.getOrDefault(point.pairKey(), List.of())) {
                integration.enable(point.pair(), point.licenceId(), now);
                changes.add(integration.change());
            }
        }
        if (!changes.isEmpty() || !events.isEmpty()) {
            em.flush();
            changed.fire(new PointsChanged(changes, List.of(), events));
        }
        release(nowhere, cause, detail);
    }

    /**
     * The enabled integrations on these allocations' pairs, locked: one query per 500 pairs (a licence with
     * ten thousand pairs is twenty statements, not ten thousand).
     */
    private Map<String, List<IntegrationRecord>> enabledOnPairsOf(List<PointAllocation> allocations) {
        if (allocations.isEmpty()) {
            return Map.of();
        }
        // The transaction's changes are written once, here: before each query EclipseLink would otherwise work them
        // out again, walking every row the transaction holds (thousands at a removal), once per 500 pairs.
        em.flush();
        return enabledOnPairs(allocations.stream().map(PointAllocation::pairKey).sorted().toList(), LockModeType.PESSIMISTIC_WRITE); // the lock order: by pair key
    }

    private Map<String, List<IntegrationRecord>> enabledOnPairs(List<String> keys, LockModeType lock) {
        Map<String, List<IntegrationRecord>> byPair = new HashMap<>();
        for (int from = 0; from < keys.size(); from += PAIRS_PER_QUERY) {
            for (IntegrationRecord integration : em.createNamedQuery("IntegrationRecord.findEnabledOnPairs", IntegrationRecord.class)
                    .setParameter("pairKeys", keys.subList(from, Math.min(keys.size(), from + PAIRS_PER_QUERY)))
                    .setLockMode(lock).setFlushMode(FlushModeType.COMMIT).getResultList()) {
                byPair.computeIfAbsent(integration.pairKey(), key -> new ArrayList<>()).add(integration);
            }
        }
        return byPair;
    }

    private static final int PAIRS_PER_QUERY = 500;

    /** The integrations the transfer cap disabled, still disabled. */
    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public List<String> disabledByCap(String licenceId) {
        return em.createNamedQuery("IntegrationRecord.findDisabledBy", IntegrationRecord.class)
                .setParameter("licenceId", licenceId).setParameter("reason", DisableReason.TRANSFER_CAP_EXCEEDED.name())
                .getResultList().stream().map(IntegrationRecord::integrationId).toList();
    }

    private void release(List<PointAllocation> allocations, DisableReason reason, String detail) {
        Instant now = clock.instant();
        List<LicensingEvent> events = new ArrayList<>();
        List<PointsChanged.Change> changes = new ArrayList<>();
        List<LicensingEvent.IntegrationDisabled> disabled = new ArrayList<>();
        Map<String, List<IntegrationRecord>> enabledByPair = enabledOnPairsOf(allocations);
        // the points-in-use rows, lowered before the allocations go (a missing row is made from them as they were)
        allocations.stream().collect(java.util.stream.Collectors.groupingBy(PointAllocation::licenceId, java.util.TreeMap::new,
                java.util.stream.Collectors.counting())).forEach((licenceId, released) -> count(counter(licenceId), -released));
        for (PointAllocation point : allocations) {
            for (IntegrationRecord integration : enabledByPair.getOrDefault(point.pairKey(), List.of())) {
                integration.disable(reason.name(), detail, now);
                changes.add(integration.change());
                disabled.add(new LicensingEvent.IntegrationDisabled(integration.integrationId(), point.licenceId(), reason, detail));
            }
            em.remove(point);
            events.add(new LicensingEvent.PointReleased(point.licenceId(), point.pair().first(), point.pair().second()));
        }
        em.flush();
        events.addAll(disabled);
        if (!changes.isEmpty() || !events.isEmpty()) {
            changed.fire(new PointsChanged(changes, disabled, events));
        }
    }

    private List<PointAllocation> allocationsOf(String licenceId) {
        return em.createNamedQuery("PointAllocation.findByLicence", PointAllocation.class)
                .setParameter("licenceId", licenceId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /**
     * Locks the covering licences' rows in id order (no deadlock between two starts) and verifies each
     * locked row again: what the rows hold now, whatever their dates.
     */
    private List<Licence> lockCovering(List<Licence> covering, Pair pair, BatchLocks held) {
        List<Licence> locked = new ArrayList<>();
        for (String id : covering.stream().map(Licence::id).sorted(Comparator.naturalOrder()).toList()) {
            held.licence(id);
            Optional<Licence> licence = licences.lockVerified(id);
            if (licence.isPresent() && pair.coveredBy(licence.get())) { // else removed, or renewed to other types meanwhile
                locked.add(licence.get());
            }
        }
        return locked;
    }

    /** The locked licences a new pair may take a point from: valid (not in grace), not cut off. */
    private List<Licence> giving(List<Licence> locked, Instant now) {
        return locked.stream().filter(l -> licences.phase(l, now).givesPoints() && !licences.cutOff(l.id())).toList();
    }

    /** Whether a pair's point stays with its licence: valid or in grace, not cut off. */
    private boolean keeps(List<Licence> locked, String licenceId, Instant now) {
        return locked.stream().anyMatch(l -> l.id().equals(licenceId) && licences.phase(l, now).keepsPoints() && !licences.cutOff(licenceId));
    }

    /** The points-in-use rows of these licences (and {@code also}, when not null), locked in licence id order. */
    private Map<String, PointsInUse> lockCounters(List<String> licenceIds, String also, BatchLocks held) {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(licenceIds);
        if (also != null) {
            ids.add(also);
        }
        ids.forEach(held::counter);
        Map<String, PointsInUse> counters = new HashMap<>();
        ids.forEach(id -> counters.put(id, counter(id)));
        return counters;
    }

    /**
     * A licence's points-in-use row, locked for this transaction. A licence that never gave a point has
     * none yet: it is made from the allocations (none), under the licence row's lock its first start holds.
     */
    private PointsInUse counter(String licenceId) {
        PointsInUse counter = em.find(PointsInUse.class, licenceId, LockModeType.PESSIMISTIC_WRITE);
        if (counter == null) {
            counter = new PointsInUse(licenceId, em.createNamedQuery("PointAllocation.countByLicence", Long.class)
                    .setParameter("licenceId", licenceId).getSingleResult());
            em.persist(counter);
            em.flush(); // a second locking find in this transaction reads the database, not what is only persisted
        }
        // A count changed earlier in this transaction is not in the database yet, whatever a locking read brought in:
        // a row made just above and counted is read again by its next lock in the transaction (a stop that makes the
        // row, then a start, counted one point too many without this line; LicensingRecordIT).
        PointsInUse locked = counter;
        lastWrites.kept(PointsInUse.UPDATE, licenceId).ifPresent(kept -> locked.keep((Long) kept));
        return locked;
    }

    /** Adds to a licence's points in use (its row locked): written with the transaction's last statement. */
    private void count(PointsInUse counter, long points) {
        counter.add(points);
        lastWrites.set(PointsInUse.UPDATE, counter.licenceId(), counter.used());
    }

    @Inject
    LastWrites lastWrites;

    /** A pair holding a point of a licence, and the integrations enabled on it. */
    public record PairHolding(Pair pair, List<String> integrationIds) {
    }

    /** The integrations enabled now, as their last change left them: what the in-memory view starts from. */
    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public List<PointsChanged.Change> enabledNow() {
        return enabledIntegrations().stream().map(IntegrationRecord::change).toList();
    }

    /**
     * The first pairs holding the licence's points (longest held first), at most {@code limit}, with their
     * enabled integrations: what a page shows of what removing it would disable.
     */
    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public List<PairHolding> pairsOf(String licenceId, int limit) {
        List<PointAllocation> points = em.createNamedQuery("PointAllocation.findByLicence", PointAllocation.class).setParameter("licenceId", licenceId)
                .setMaxResults(limit).getResultList();
        Map<String, List<IntegrationRecord>> enabledByPair = enabledOnPairs(points.stream().map(PointAllocation::pairKey).toList(), LockModeType.NONE);
        return points.stream().map(point -> new PairHolding(point.pair(),
                enabledByPair.getOrDefault(point.pairKey(), List.of()).stream().map(IntegrationRecord::integrationId).toList())).toList();
    }

    /** All integrations as Tally knows them. */
    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public List<IntegrationRecord> integrations() {
        return em.createNamedQuery("IntegrationRecord.findAll", IntegrationRecord.class).getResultList();
    }

    /**
     * A page of integrations in id order after the given id, filtered by the licence giving (or last
     * giving) the pair its point, the state, and a system type on either side; each filter optional.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<IntegrationRecord> integrations(String licenceId, Boolean enabled, String systemType, String after, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT i FROM IntegrationRecord i WHERE i.integrationId > :after");
        if (licenceId != null) {
            jpql.append(" AND i.licenceId = :licence");
        }
        if (enabled != null) {
            jpql.append(" AND i.enabled = :enabled");
        }
        if (systemType != null) {
            jpql.append(" AND (i.pair.firstType = :type OR i.pair.secondType = :type)");
        }
        var query = em.createQuery(jpql.append(" ORDER BY i.integrationId").toString(), IntegrationRecord.class)
                .setParameter("after", after == null ? "" : after);
        if (licenceId != null) {
            query.setParameter("licence", licenceId);
        }
        if (enabled != null) {
            query.setParameter("enabled", enabled);
        }
        if (systemType != null) {
            query.setParameter("type", systemType);
        }
        return query.setMaxResults(limit).getResultList();
    }

    /** One integration as Tally knows it. */
    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public IntegrationRecord integration(String integrationId) {
        IntegrationRecord integration = em.find(IntegrationRecord.class, integrationId);
        if (integration == null) {
            throw new IntegrationNotFoundException(integrationId);
        }
        return integration;
    }

    List<IntegrationRecord> enabledIntegrations() {
        return em.createNamedQuery("IntegrationRecord.findEnabled", IntegrationRecord.class).getResultList();
    }

    /** Points of one licence in use, as this transaction sees them. */
    @Transactional(Transactional.TxType.REQUIRED)
    public long pointsUsedBy(String licenceId) {
        PointsInUse counter = em.find(PointsInUse.class, licenceId);
        return counter == null ? 0 : counter.used();
    }

    /** Points used per licence id (licences using none may be missing). */
    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public Map<String, Long> pointsUsed() {
        Map<String, Long> used = new HashMap<>();
        for (PointsInUse counter : em.createNamedQuery("PointsInUse.findAll", PointsInUse.class).getResultList()) {
            if (counter.used() > 0) {
                used.put(counter.licenceId(), counter.used());
            }
        }
        return used;
    }

    /** Points used by these licences, in one read (licences using none may be missing). */
    @Transactional(Transactional.TxType.REQUIRED)
    public Map<String, Long> pointsUsed(java.util.Collection<String> licenceIds) {
        Map<String, Long> used = new HashMap<>();
        if (!licenceIds.isEmpty()) {
            for (PointsInUse counter : em.createQuery("SELECT p FROM PointsInUse p WHERE p.licenceId IN :ids", PointsInUse.class)
                    .setParameter("ids", licenceIds).getResultList()) {
                used.put(counter.licenceId(), counter.used());
            }
        }
        return used;
    }

    /** The allocations per licence id, counted: what {@link #pointsUsed()} must always equal (a check for the tests). */
    @Transactional(Transactional.TxType.REQUIRED)
    public Map<String, Long> allocationsCounted() {
        Map<String, Long> used = new HashMap<>();
        for (Object[] row : em.createNamedQuery("PointAllocation.countAll", Object[].class).getResultList()) {
            used.put((String) row[0], ((Number) row[1]).longValue());
        }
        return used;
    }
}
