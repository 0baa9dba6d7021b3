package io.tally.license.records;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Copies committed entries' licence, type and time into {@code record_index}, in order, after they
 * commit: the record's secondary indexes, kept off the transaction that appends. Every node copies
 * whatever is not yet copied, from its own tick; two nodes copying the same entries at once collide on
 * the entry number and one of them rolls back and tries again at its next tick. Until an entry is
 * copied, reads find it in the record itself ({@link LicensingRecord}).
 */
@ApplicationScoped
public class RecordIndex {

    /** Entries copied in one transaction, so that a long backlog goes in several short ones. */
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
     * <p>
     * Plain JDBC, past EclipseLink: on H2 the copy then takes no writers' turn (see {@code H2WriteTurns}), so
     * the starts waiting in that line never wait for it. It needs none: it only inserts rows no other
     * transaction writes (one node alone opens an H2 file, and its copies come one after another from one
     * tick), and H2 loses updates only where two transactions meet on one row.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int copyNext() {
        try (Connection db = database.getConnection()) {
            long from = highestCopied(db);
            Long next = null;
            // the first number after it, read in order and stopped at the first (H2 would find the lowest of a range by reading all of it)
            try (PreparedStatement first = db.prepareStatement("SELECT seq FROM licensing_record WHERE seq > ? ORDER BY seq FETCH FIRST 1 ROWS ONLY")) {
                first.setLong(1, from);
                try (ResultSet row = first.executeQuery()) {
                    if (row.next()) {
                        next = row.getLong(1);
                    }
                }
            }
            if (next == null) {
                return 0; // nothing new
            }
            try (PreparedStatement copy = db.prepareStatement("INSERT INTO record_index (seq, recorded_at, entry_type, licence_id) "
                    + "SELECT seq, recorded_at, entry_type, licence_id FROM licensing_record WHERE seq >= ? AND seq < ?")) {
                copy.setLong(1, next);
                copy.setLong(2, next + BATCH);
                return copy.executeUpdate();
            }
        } catch (SQLException e) {
            throw new PersistenceException("Copying licensing record entries into the record's index failed: " + e.getMessage(), e);
        }
    }

    private static long highestCopied(Connection db) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT MAX(seq) FROM record_index");
             ResultSet highest = select.executeQuery()) {
            highest.next();
            return highest.getLong(1); // 0 when none is (SQL NULL)
        }
    }

    @Resource(lookup = "jdbc/tally")
    DataSource database;
}
