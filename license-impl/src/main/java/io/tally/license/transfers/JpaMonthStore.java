package io.tally.license.transfers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.YearMonth;
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

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void add(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
        int updated = em.createNativeQuery("UPDATE transfer_month SET records = records + ?1, cap = COALESCE(?2, cap), "
                        + "warned = (warned OR ?3), cut_off = (cut_off OR ?4) WHERE licence_id = ?5 AND calendar_month = ?6")
                .setParameter(1, records).setParameter(2, cap).setParameter(3, warned).setParameter(4, cutOff)
                .setParameter(5, licenceId).setParameter(6, month.toString()).executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO transfer_month (licence_id, calendar_month, records, cap, warned, cut_off) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, records)
                    .setParameter(4, cap).setParameter(5, warned).setParameter(6, cutOff).executeUpdate();
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void liftCutOff(String licenceId, YearMonth month, boolean warned) {
        em.createNativeQuery("UPDATE transfer_month SET cut_off = FALSE, warned = ?1 WHERE licence_id = ?2 AND calendar_month = ?3")
                .setParameter(1, warned).setParameter(2, licenceId).setParameter(3, month.toString()).executeUpdate();
    }

    private static Month month(Object[] row) {
        return new Month(YearMonth.parse((String) row[0]), ((Number) row[1]).longValue(),
                row[2] == null ? null : ((Number) row[2]).longValue(), (Boolean) row[3], (Boolean) row[4]);
    }
}
