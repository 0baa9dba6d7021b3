package io.tally.license.cluster;

import io.tally.license.database.TransactionDrafts;
import io.tally.license.licences.service.LicencesChanged;
import io.tally.license.points.PointsChanged;
import io.tally.license.spi.LicensingEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The database's log of what committed transactions took back, for the other nodes' memory. A
 * transaction that stops, disables or moves an integration, releases a point, or installs, renews or
 * removes a licence raises the epoch and names what it changed; the epoch row is the last lock but the
 * record's head, held through the commit, so epochs commit in order and with no gaps. A start that only
 * enables writes nothing here: a node that does not know of it asks the database anyway.
 */
@ApplicationScoped
public class ChangeLog {

    private static final Logger LOG = Logger.getLogger(ChangeLog.class.getName());
    private static final Object DRAFT = new Object();

    /** More integrations than this in one transaction are logged as their licences instead (an expiry of 10 000 pairs is one row). */
    static final int MAX_INTEGRATION_ROWS = 200;

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    Clock clock;

    @Inject
    ClusterSignal signal;

    private final String node = UUID.randomUUID().toString();

    /** One committed change: an integration or a licence (the other id is {@code null}) at an epoch, by a node. */
    public record Change(long epoch, String node, String integrationId, String licenceId) {
    }

    /** This node's name in the log: its own changes are in its memory already. */
    public String node() {
        return node;
    }

    private final class Draft implements Synchronization {
        final Set<String> integrations = new LinkedHashSet<>();
        final Set<String> licencesOfIntegrations = new LinkedHashSet<>();
        final Set<String> licences = new LinkedHashSet<>();
        long epoch;

        boolean empty() {
            return integrations.isEmpty() && licences.isEmpty();
        }

        @Override
        public void beforeCompletion() {
            if (!empty()) {
                LOG.severe("A transaction changed " + integrations + " " + licences + " and did not log it for the other nodes; it is rolled back");
                throw new IllegalStateException("changes not written to the change log");
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED && epoch > 0) {
                signal.publish(epoch);
            }
        }
    }

    void pointsChanged(@Observes PointsChanged change) {
        if (!takesBack(change)) {
            return;
        }
        Draft draft = draft();
        for (PointsChanged.Change integration : change.changes()) {
            draft.integrations.add(integration.integrationId());
            if (integration.licenceId() != null) {
                draft.licencesOfIntegrations.add(integration.licenceId());
            }
        }
        for (LicensingEvent event : change.events()) { // the licences the integrations came from: what other nodes' memory names
            if (event instanceof LicensingEvent.PointMoved moved) {
                draft.licencesOfIntegrations.add(moved.fromLicenceId());
            } else if (event instanceof LicensingEvent.PointReleased released) {
                draft.licencesOfIntegrations.add(released.licenceId());
            }
        }
    }

    void licencesChanged(@Observes LicencesChanged change) {
        draft().licences.add(change.licenceId());
    }

    /** Whether another node's memory could allow something after this change that the database no longer does. */
    static boolean takesBack(PointsChanged change) {
        return !change.disabledByTally().isEmpty()
                || change.changes().stream().anyMatch(integration -> !integration.enabled())
                || change.events().stream().anyMatch(event -> event instanceof LicensingEvent.PointReleased
                || event instanceof LicensingEvent.PointMoved || event instanceof LicensingEvent.IntegrationDisabled);
    }

    private Draft draft() {
        return TransactionDrafts.draft(transactions, DRAFT, Draft::new, "a change is logged inside the transaction that makes it");
    }

    /**
     * Raises the epoch and logs what this transaction changed, if anything: after every other lock but the
     * record's head. The caller's unit of work calls it as its last step but one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write() {
        Draft draft = (Draft) transactions.getResource(DRAFT);
        if (draft == null || draft.empty()) {
            return;
        }
        em.flush(); // every other change (and its locks) before the epoch's lock; the statements below need no flush of their own,
        // which would walk every row the transaction holds again, once per logged integration
        em.createNativeQuery("UPDATE licensing_epoch SET epoch = epoch + 1 WHERE id = 1").setFlushMode(FlushModeType.COMMIT).executeUpdate();
        long epoch = ((Number) em.createNativeQuery("SELECT epoch FROM licensing_epoch WHERE id = 1").setFlushMode(FlushModeType.COMMIT)
                .getSingleResult()).longValue();
        long at = clock.millis();
        Set<String> licences = new LinkedHashSet<>(draft.licences);
        if (draft.integrations.size() > MAX_INTEGRATION_ROWS) {
            licences.addAll(draft.licencesOfIntegrations);
        } else {
            draft.integrations.forEach(id -> insert(epoch, id, null, at));
        }
        licences.forEach(id -> insert(epoch, null, id, at));
        draft.integrations.clear();
        draft.licencesOfIntegrations.clear();
        draft.licences.clear();
        draft.epoch = epoch;
    }

    private void insert(long epoch, String integrationId, String licenceId, long at) {
        em.createNativeQuery("INSERT INTO licensing_change (epoch, node, integration_id, licence_id, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setFlushMode(FlushModeType.COMMIT).setParameter(1, epoch).setParameter(2, node).setParameter(3, integrationId).setParameter(4, licenceId).setParameter(5, at)
                .executeUpdate();
    }

    /** The last committed epoch. */
    @Transactional(Transactional.TxType.REQUIRED)
    public long epoch() {
        return ((Number) em.createNativeQuery("SELECT epoch FROM licensing_epoch WHERE id = 1").getSingleResult()).longValue();
    }

    /**
     * Every change after epoch {@code after} up to {@code upTo}, in epoch order; empty when the log no longer
     * holds all of them (pruned) or holds more than {@code max}: then the caller reloads everything.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<List<Change>> since(long after, long upTo, int max) {
        List<?> rows = em.createNativeQuery("SELECT epoch, node, integration_id, licence_id FROM licensing_change "
                        + "WHERE epoch > ?1 AND epoch <= ?2 ORDER BY epoch")
                .setParameter(1, after).setParameter(2, upTo).setMaxResults(max + 1).getResultList();
        if (rows.size() > max) {
            return Optional.empty();
        }
        List<Change> changes = new ArrayList<>(rows.size());
        long expected = after + 1;
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            long epoch = ((Number) columns[0]).longValue();
            if (epoch != expected && epoch != expected - 1) {
                return Optional.empty(); // a hole: pruned while this node was away
            }
            expected = epoch + 1;
            changes.add(new Change(epoch, (String) columns[1], (String) columns[2], (String) columns[3]));
        }
        return expected == upTo + 1 ? Optional.of(changes) : Optional.empty();
    }

    /** Deletes what was logged before the instant: a node further behind than that reloads everything. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int prune(Instant before) {
        return em.createNativeQuery("DELETE FROM licensing_change WHERE changed_at < ?1").setParameter(1, before.toEpochMilli()).executeUpdate();
    }
}
