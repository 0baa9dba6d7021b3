package io.tally.license.statements;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The signed statements, one row per licence and month: the first node to write one keeps it. */
@ApplicationScoped
public class StatementStore {

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    /** A stored statement: its month and its signed text. */
    public record Stored(YearMonth month, String text) {
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public boolean exists(String licenceId, YearMonth month) {
        return find(licenceId, month).isPresent();
    }

    /** Stores a statement; a second one for the same licence and month fails on the key (another node wrote it). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void store(String licenceId, YearMonth month, String text, Instant created) {
        em.createNativeQuery("INSERT INTO usage_statement (licence_id, calendar_month, statement_text, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, licenceId).setParameter(2, month.toString()).setParameter(3, text).setParameter(4, created.toEpochMilli())
                .executeUpdate();
    }

    /** The months from {@code from} on that have a statement, by licence. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Map<String, Set<YearMonth>> writtenSince(YearMonth from) {
        Map<String, Set<YearMonth>> written = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT licence_id, calendar_month FROM usage_statement WHERE calendar_month >= ?1")
                .setParameter(1, from.toString()).getResultList()) {
            Object[] columns = (Object[]) row;
            written.computeIfAbsent((String) columns[0], id -> new HashSet<>()).add(YearMonth.parse((String) columns[1]));
        }
        return written;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public List<Stored> of(String licenceId) {
        return em.createNativeQuery("SELECT calendar_month, statement_text FROM usage_statement WHERE licence_id = ?1 ORDER BY calendar_month")
                .setParameter(1, licenceId).getResultList().stream()
                .map(row -> new Stored(YearMonth.parse((String) ((Object[]) row)[0]), (String) ((Object[]) row)[1])).toList();
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Stored> find(String licenceId, YearMonth month) {
        return em.createNativeQuery("SELECT calendar_month, statement_text FROM usage_statement WHERE licence_id = ?1 AND calendar_month = ?2")
                .setParameter(1, licenceId).setParameter(2, month.toString()).getResultList().stream()
                .map(row -> new Stored(YearMonth.parse((String) ((Object[]) row)[0]), (String) ((Object[]) row)[1])).findFirst();
    }
}
