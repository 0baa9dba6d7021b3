package io.tally.license.host;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/** This installation's id: generated at its first start, kept in the database, the same on every node. */
@ApplicationScoped
public class InstallationId {

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    Clock clock;

    private volatile String id;

    /** At start: reads the id, or makes it on the very first start. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void load() {
        Installation row = em.find(Installation.class, Installation.ROW);
        if (row == null) {
            row = new Installation(UUID.randomUUID().toString(), clock.instant());
            em.persist(row);
        }
        id = row.installationId();
    }

    public String get() {
        return id;
    }
}
