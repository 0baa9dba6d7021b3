package io.tally.license.transfers;

import io.tally.license.database.DatabaseKind;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * {@code transfer_month} rows, through JPA native queries. Counts are only ever added to ({@code records = records + delta}), so
 * several nodes flushing their share never overwrite each other.
 */
@ApplicationScoped
public class JpaMonthStore implements MonthStore {

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    LicensingRecord record;

    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    @Override
    public Optional<Month> load(String licenceId, YearMonth month) {
        List<?> rows = em.createNativeQuery("SELECT calendar_month, records, cap, warned, cut_off FROM transfer_month WHERE licence_id = ?1 AND calendar_month = ?2")
                .setParameter(1, licenceId).setParameter(2, month.toString()).getResultList();
        return rows.stream().map(row -> month((Object[]) row)).findFirst();
    }

    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    @Override
    public List<Month> history(String licenceId) {
        return em.createNativeQuery("SELECT calendar_month, records, cap, warned, cut_off FROM transfer_month WHERE licence_id = ?1 ORDER BY calendar_month")
                .setParameter(1, licenceId).getResultList().stream().map(row -> month((Object[]) row)).toList();
    }

    @Transactional(Transactional.TxType.REQUIRED)
    @Override
    public Map<String, Map<YearMonth, Boolean>> since(YearMonth from) {
        Map<String, Map<YearMonth, Boolean>> months = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT licence_id, calendar_month, closed FROM transfer_month WHERE calendar_month >= ?1")
                .setParameter(1, from.toString()).getResultList()) {
            Object[] columns = (Object[]) row;
            months.computeIfAbsent((String) columns[0], id -> new HashMap<>()).put(YearMonth.parse((String) columns[1]), (Boolean) columns[2]);
        }
        return months;
    }

    /**
     * Adds the delta and raises the marks under the row's lock; a mark that goes up here is recorded in
     * the same transaction, so each warning and cut-off has one entry however many nodes flush it.
     */
    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Month add(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
        return added(licenceId, month, records, cap, warned, cutOff);
    }

    /** PostgreSQL is the database several nodes share; H2 is embedded in one node. */
    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean shared() {
        try {
            return DatabaseKind.of(em.unwrap(Connection.class)).shared();
        } catch (SQLException e) {
            throw new IllegalStateException("The database does not tell what it is: " + e.getMessage(), e);
        }
    }

    /**
     * Under the month row's lock (which orders every node's settlements of the licence's month): adds the
     * records, drops the blocks of nodes that did not renew theirs within the lease (a dead node's block
     * returns to the allowance) and of earlier months, and sets this node's block.
     */
    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Lease settle(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff, Block block) {
        // the month's first settlements on several nodes at once: one inserts the row, the others wait for its lock, none fails
        em.createNativeQuery("INSERT INTO transfer_month (licence_id, calendar_month, records, cap, warned, cut_off) "
                        + "VALUES (?1, ?2, 0, CAST(?3 AS BIGINT), FALSE, FALSE) ON CONFLICT (licence_id, calendar_month) DO NOTHING")
                .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, cap).executeUpdate();
        Month after = added(licenceId, month, records, cap, warned, cutOff);
        em.createNativeQuery("DELETE FROM transfer_lease WHERE licence_id = ?1 AND (calendar_month < ?2 OR (calendar_month = ?2 AND node <> ?3 "
                        + "AND renewed_at < CURRENT_TIMESTAMP - CAST(?4 AS INTEGER) * INTERVAL '1 millisecond'))")
                .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, block.node()).setParameter(4, block.leaseMs())
                .executeUpdate();
        Object[] others = (Object[]) em.createNativeQuery("SELECT COALESCE(SUM(positions), 0), COUNT(*), COALESCE(MAX(CASE WHEN last_block THEN 1 ELSE 0 END), 0) "
                        + "FROM transfer_lease WHERE licence_id = ?1 AND calendar_month = ?2 AND node <> ?3")
                .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, block.node()).getSingleResult();
        LeaseTerms terms = LeaseTerms.of(block.limit(), after.records(), ((Number) others[0]).longValue(), ((Number) others[1]).longValue(),
                ((Number) others[2]).intValue() == 1, block.kept(), block.want());
        long held = block.kept() + terms.granted();
        if (held > 0 || terms.last()) {
            em.createNativeQuery("INSERT INTO transfer_lease (licence_id, calendar_month, node, positions, last_block, renewed_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, CURRENT_TIMESTAMP) ON CONFLICT (licence_id, calendar_month, node) "
                            + "DO UPDATE SET positions = EXCLUDED.positions, last_block = EXCLUDED.last_block, renewed_at = EXCLUDED.renewed_at")
                    .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, block.node()).setParameter(4, held)
                    .setParameter(5, terms.last()).executeUpdate();
        } else {
            em.createNativeQuery("DELETE FROM transfer_lease WHERE licence_id = ?1 AND calendar_month = ?2 AND node = ?3")
                    .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, block.node()).executeUpdate();
        }
        return new Lease(after, terms.granted(), terms.last(), terms.share());
    }

    private Month added(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
        Optional<Month> before = locked(licenceId, month);
        if (before.isPresent()) {
            em.createNativeQuery("UPDATE transfer_month SET records = records + ?1, cap = COALESCE(CAST(?2 AS BIGINT), cap), "
                            + "warned = (warned OR ?3), cut_off = (cut_off OR ?4) WHERE licence_id = ?5 AND calendar_month = ?6")
                    .setParameter(1, records).setParameter(2, cap).setParameter(3, warned).setParameter(4, cutOff)
                    .setParameter(5, licenceId).setParameter(6, month.toString()).executeUpdate();
        } else {
            em.createNativeQuery("INSERT INTO transfer_month (licence_id, calendar_month, records, cap, warned, cut_off) VALUES (?1, ?2, ?3, CAST(?4 AS BIGINT), ?5, ?6)")
                    .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, records)
                    .setParameter(4, cap).setParameter(5, warned).setParameter(6, cutOff).executeUpdate();
        }
        long total = before.map(Month::records).orElse(0L) + records;
        Long storedCap = cap != null ? cap : before.map(Month::cap).orElse(null);
        if (warned && !before.map(Month::warned).orElse(false)) {
            record.note(Fact.of(EntryType.CAP_WARNING, licenceId).with("month", month.toString()).with("records", total).with("cap", storedCap));
        }
        if (cutOff && !before.map(Month::cutOff).orElse(false)) {
            record.note(Fact.of(EntryType.CUT_OFF, licenceId).with("month", month.toString()).with("records", total).with("cap", storedCap));
        }
        record.write();
        return new Month(month, total, storedCap, warned || before.map(Month::warned).orElse(false), cutOff || before.map(Month::cutOff).orElse(false));
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void close(String licenceId, YearMonth month, long residue) {
        Optional<Month> before = locked(licenceId, month);
        boolean closed = !em.createNativeQuery("SELECT closed FROM transfer_month WHERE licence_id = ?1 AND calendar_month = ?2 AND closed = TRUE")
                .setParameter(1, licenceId).setParameter(2, month.toString()).getResultList().isEmpty();
        if (before.isEmpty()) {
            em.createNativeQuery("INSERT INTO transfer_month (licence_id, calendar_month, records, cap, warned, cut_off, closed) VALUES (?1, ?2, ?3, NULL, FALSE, FALSE, TRUE)")
                    .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, residue).executeUpdate();
        } else {
            em.createNativeQuery("UPDATE transfer_month SET records = records + ?1, closed = TRUE WHERE licence_id = ?2 AND calendar_month = ?3")
                    .setParameter(1, residue).setParameter(2, licenceId).setParameter(3, month.toString()).executeUpdate();
        }
        if (!closed) {
            record.note(Fact.of(EntryType.MONTH_CLOSED, licenceId).with("month", month.toString())
                    .with("records", before.map(Month::records).orElse(0L) + residue).with("cap", before.map(Month::cap).orElse(null))
                    .with("cutOff", before.map(Month::cutOff).orElse(false) ? "yes" : "no"));
            record.note(Fact.of(EntryType.MONTH_STARTED, licenceId).with("month", month.plusMonths(1).toString()));
            record.write();
        }
    }

    /** In the caller's transaction; two racing inserts of the row collide on its key, and the caller's transaction is tried again. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void takesPart(String licenceId, YearMonth month, Long cap) {
        if (locked(licenceId, month).isEmpty()) {
            em.createNativeQuery("INSERT INTO transfer_month (licence_id, calendar_month, records, cap, warned, cut_off) VALUES (?1, ?2, 0, CAST(?3 AS BIGINT), FALSE, FALSE)")
                    .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, cap).executeUpdate();
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void liftCutOff(String licenceId, YearMonth month, boolean warned) {
        Optional<Month> before = locked(licenceId, month);
        em.createNativeQuery("UPDATE transfer_month SET cut_off = FALSE, warned = ?1 WHERE licence_id = ?2 AND calendar_month = ?3")
                .setParameter(1, warned).setParameter(2, licenceId).setParameter(3, month.toString()).executeUpdate();
        if (before.map(Month::cutOff).orElse(false)) {
            record.append(Fact.of(EntryType.CUT_OFF_LIFTED, licenceId).with("month", month.toString())
                    .with("records", before.get().records()).with("cap", before.get().cap()));
        }
    }

    private Optional<Month> locked(String licenceId, YearMonth month) {
        List<?> rows = em.createNativeQuery("SELECT calendar_month, records, cap, warned, cut_off FROM transfer_month "
                        + "WHERE licence_id = ?1 AND calendar_month = ?2 FOR UPDATE")
                .setParameter(1, licenceId).setParameter(2, month.toString()).getResultList();
        return rows.stream().map(row -> month((Object[]) row)).findFirst();
    }

    private static Month month(Object[] row) {
        return new Month(YearMonth.parse((String) row[0]), ((Number) row[1]).longValue(),
                row[2] == null ? null : ((Number) row[2]).longValue(), (Boolean) row[3], (Boolean) row[4]);
    }
}
