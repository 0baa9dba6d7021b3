package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Copies committed entries' licence, type and time into {@code record_index}, in order, after they
 * commit: the record's secondary indexes, kept off the transaction that appends. Every node copies
 * whatever is not yet copied, from its own tick; two nodes copying the same entries at once collide on
 * the entry number and one of them rolls back and tries again at its next tick. Until an entry is
 * copied, reads find it in the record itself ({@link LicensingRecord}).
 */
@ApplicationScoped
public class RecordIndex {

    /** Entries copied in one transaction: on H2 the copy takes the writers' turn, so a short one. */
    static final int BATCH = 5_000;

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    /** The highest entry number copied; every entry up to it is (0 when none is). */
    @Transactional(Transactional.TxType.REQUIRED)
    public long indexedUpTo() {
        Long highest = em.createQuery("SELECT MAX(i.seq) FROM IndexedEntry i", Long.class).getSingleResult();
        return highest == null ? 0 : highest;
    }

    /**
     * Copies the next entries after the last one copied (up to {@link #BATCH} entry numbers from the first
     * of them, so a gap in the numbers never stops the copy), in a transaction of its own; returns how many,
     * 0 when every committed entry is copied. Entries commit in number order (each append holds the head's
     * lock until its commit), so no entry below a committed one is still to come. Called through the bean,
     * never from inside it: the transaction is the interceptor's.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int copyNext() {
        long from = indexedUpTo();
        // the first number after it, read in order and stopped at the first (H2 would find the lowest of a range by reading all of it)
        List<Long> first = em.createQuery("SELECT e.seq FROM StoredEntry e WHERE e.seq > :from ORDER BY e.seq", Long.class)
                .setParameter("from", from).setMaxResults(1).getResultList();
        if (first.isEmpty()) {
            return 0; // nothing new: reads only, no write turn taken
        }
        long next = first.get(0);
        return em.createNativeQuery("INSERT INTO record_index (seq, recorded_at, entry_type, licence_id) "
                        + "SELECT seq, recorded_at, entry_type, licence_id FROM licensing_record WHERE seq >= ?1 AND seq < ?2")
                .setParameter(1, next).setParameter(2, next + BATCH).executeUpdate();
    }
}
