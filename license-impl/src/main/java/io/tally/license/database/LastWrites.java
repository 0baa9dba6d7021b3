package io.tally.license.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Updates of rows a transaction already holds locked, kept until its last statement and sent with it: on
 * PostgreSQL the licensing record's append carries them, so that a start's points-in-use row costs no round
 * trip of its own. They take no lock (their rows are locked), so carrying them to the end changes no lock
 * order. Whoever ends such a transaction sends them ({@link #take()}); one that would commit with updates
 * kept and not sent is rolled back instead, as a count left unwritten would be wrong for good.
 */
@ApplicationScoped
public class LastWrites {

    private static final Logger LOG = Logger.getLogger(LastWrites.class.getName());
    private static final Object KEPT = new Object();

    /**
     * One update: {@code sql} sets one column of one row, {@code UPDATE t SET c = ? WHERE k = ?}, a constant of
     * the feature that owns the table; the value and the row's key are its two parameters.
     */
    public record Update(String sql, Object value, Object key) {
    }

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    private static final class Kept implements Synchronization {
        final Map<List<Object>, Update> updates = new LinkedHashMap<>();

        @Override
        public void beforeCompletion() {
            if (!updates.isEmpty()) {
                LOG.severe("A transaction kept " + updates.size() + " updates of locked rows (" + updates.values().iterator().next().sql()
                        + ") and did not send them; it is rolled back");
                throw new IllegalStateException("updates of locked rows kept and not sent");
            }
        }

        @Override
        public void afterCompletion(int status) {
            // nothing: the updates belong to the transaction
        }
    }

    /** Keeps the update of a locked row for the transaction's last statement; a later update of the same row replaces it. */
    public void set(String sql, Object key, Object value) {
        Kept kept = TransactionDrafts.draft(transactions, KEPT, Kept::new, "a row's update is kept inside the transaction that locked the row");
        kept.updates.put(List.of(sql, key), new Update(sql, value, key));
    }

    /** The value kept for a row in this transaction and not yet sent, if any. */
    public Optional<Object> kept(String sql, Object key) {
        if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            return Optional.empty();
        }
        Kept kept = (Kept) transactions.getResource(KEPT);
        Update update = kept == null ? null : kept.updates.get(List.of(sql, key));
        return Optional.ofNullable(update).map(Update::value);
    }

    /** The updates kept in this transaction, in the order first kept; they count as sent from here on. */
    public List<Update> take() {
        if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            return List.of();
        }
        Kept kept = (Kept) transactions.getResource(KEPT);
        if (kept == null || kept.updates.isEmpty()) {
            return List.of();
        }
        List<Update> taken = new ArrayList<>(kept.updates.values());
        kept.updates.clear();
        return taken;
    }

    /** Sends the updates one statement each; a row that is not there fails (a locked row cannot have gone). */
    public static void send(Connection db, List<Update> updates) throws SQLException {
        for (Update update : updates) {
            try (PreparedStatement statement = db.prepareStatement(update.sql())) {
                statement.setObject(1, update.value());
                statement.setObject(2, update.key());
                if (statement.executeUpdate() != 1) {
                    throw new SQLException("the locked row " + update.key() + " was not there to update (" + update.sql() + ")");
                }
            }
        }
    }

    /**
     * PostgreSQL: the statement with the updates in front of it as data-modifying WITH queries, which run once
     * and whole whatever the statement does with them. {@code statement} is then continued after a comma when
     * it begins with its own WITH, and is otherwise the main statement. Parameters: the updates' (value, key)
     * pairs in order, then the statement's own.
     */
    public static String carried(List<Update> updates, String statement) {
        if (updates.isEmpty()) {
            return statement;
        }
        StringBuilder sql = new StringBuilder("WITH ");
        for (int i = 0; i < updates.size(); i++) {
            sql.append("last_write_").append(i).append(" AS (").append(updates.get(i).sql()).append("), ");
        }
        if (statement.startsWith("WITH ")) {
            return sql.append(statement.substring("WITH ".length())).toString();
        }
        sql.setLength(sql.length() - 2);
        return sql.append(' ').append(statement).toString();
    }

    /** Binds the updates' parameters from parameter 1 on; returns the next parameter's index. */
    public static int bind(PreparedStatement statement, List<Update> updates) throws SQLException {
        int next = 1;
        for (Update update : updates) {
            statement.setObject(next++, update.value());
            statement.setObject(next++, update.key());
        }
        return next;
    }
}
