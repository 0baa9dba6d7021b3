package io.tally.license.records;

import io.tally.license.database.DatabaseKind;
import io.tally.license.database.LastWrites;
import io.tally.license.database.TransactionDrafts;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The licensing record (rule 9): facts are noted inside the transaction that makes them true and
 * written to the chain at its end, after every other lock it takes, so a fact and its entry commit or
 * roll back together and the chain's head row is the last lock any transaction waits for. Whoever
 * opens a transaction that notes facts calls {@link #write()} as its last step; a transaction that
 * would commit with facts noted and not written is rolled back instead (a fact must never go unrecorded).
 */
@ApplicationScoped
public class LicensingRecord {

    private static final Logger LOG = Logger.getLogger(LicensingRecord.class.getName());
    private static final Object DRAFT = new Object();

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    Clock clock;

    /** The facts noted in one transaction, in order, with who caused each. */
    private final class Draft implements Synchronization {
        final List<Fact> facts = new ArrayList<>();
        final List<Actor> actors = new ArrayList<>();
        Chain.Entry written;

        @Override
        public void beforeCompletion() {
            if (!facts.isEmpty()) {
                LOG.severe("A transaction noted " + facts.size() + " licensing facts (" + facts.get(0).type().code()
                        + "...) and did not write them; it is rolled back");
                throw new IllegalStateException("licensing facts noted and not written to the record");
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED && written != null) {
                committed(written); // the view of the head follows committed appends only
            }
        }
    }

    /** Notes a fact in the caller's transaction; written by {@link #write()} at the transaction's end. */
    public void note(Fact fact) {
        Draft draft = TransactionDrafts.draft(transactions, DRAFT, Draft::new, "a licensing fact is noted inside the transaction that makes it true");
        draft.facts.add(fact);
        draft.actors.add(Actor.current());
    }

    /** The facts of a type noted so far in this transaction and not yet written. */
    public List<Fact> noted(EntryType type) {
        Draft draft = (Draft) transactions.getResource(DRAFT);
        return draft == null ? List.of() : draft.facts.stream().filter(fact -> fact.type() == type).toList();
    }

    /**
     * Writes what this transaction noted to the chain, under the head row's lock: the transaction's last step.
     * The updates of locked rows it kept ({@link LastWrites}: the points in use) go out here too, on PostgreSQL
     * in the statement that moves the head, so that an entry costs a start no round trip of its own.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write() {
        Draft draft = (Draft) transactions.getResource(DRAFT);
        List<LastWrites.Update> kept = lastWrites.take();
        if (draft == null || draft.facts.isEmpty()) {
            if (!kept.isEmpty()) {
                send(kept);
            }
            return;
        }
        em.flush(); // every other change (and its locks) before the head's lock
        long at = clock.millis();
        Head base = committedHead;
        List<Chain.Entry> entries = base == null ? null : chain(draft, base, at);
        // Plain JDBC on the transaction's own connection: one or two statements, none of EclipseLink's bookkeeping for
        // rows it never reads back in this transaction (the entries are written once and never changed).
        Connection db = em.unwrap(Connection.class);
        try {
            // One statement both locks the head and moves it, when this node's view of the head is still true (on
            // PostgreSQL with the kept updates in front and a lone entry behind: one round trip); otherwise (another
            // node appended, or no view yet) the head is read under its lock and the entries chained anew.
            List<LastWrites.Update> carried = onPostgreSql(db) && entries != null ? kept : List.of();
            if (carried.isEmpty()) {
                LastWrites.send(db, kept);
            }
            if (entries != null && entries.size() == 1 && onPostgreSql(db)) {
                if (moveHeadWithEntry(db, carried, base, entries.get(0)) == 0) {
                    entries = rechained(db, draft, at);
                }
            } else if (entries == null || moveHead(db, carried, base, entries.get(entries.size() - 1), true) == 0) {
                entries = rechained(db, draft, at); // the kept updates went out with the failed move, if carried
            } else {
                insert(db, entries);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Writing " + draft.facts.size() + " licensing record entries failed: " + e.getMessage(), e);
        }
        draft.facts.clear();
        draft.actors.clear();
        draft.written = entries.get(entries.size() - 1);
    }

    /** A transaction with no fact to record sends the updates it kept on their own. */
    private void send(List<LastWrites.Update> kept) {
        em.flush();
        try {
            LastWrites.send(em.unwrap(Connection.class), kept);
        } catch (SQLException e) {
            throw new PersistenceException("Writing " + kept.size() + " updates of locked rows failed: " + e.getMessage(), e);
        }
    }

    @Inject
    LastWrites lastWrites;

    private static List<Chain.Entry> chain(Draft draft, Head base, long at) {
        List<Chain.Entry> entries = new ArrayList<>(draft.facts.size());
        String prev = base.lastHash();
        long seq = base.lastSeq();
        for (int i = 0; i < draft.facts.size(); i++) {
            Fact fact = draft.facts.get(i);
            Actor actor = draft.actors.get(i);
            Chain.Entry entry = Chain.Entry.chained(++seq, at, actor.name(), fact.type().code(), fact.licenceId(),
                    fact.detailsJson(actor.via()), prev);
            entries.add(entry);
            prev = entry.hash();
        }
        return entries;
    }

    /** Chains the entries after the head read under its lock, moves the head to the last of them and inserts them. */
    private static List<Chain.Entry> rechained(Connection db, Draft draft, long at) throws SQLException {
        Head base = lockedHead(db);
        List<Chain.Entry> entries = chain(draft, base, at);
        moveHead(db, List.of(), base, entries.get(entries.size() - 1), false);
        insert(db, entries);
        return entries;
    }

    /**
     * PostgreSQL: sends the kept updates, moves the head from the given one to the entry and inserts it, in one
     * statement; 0 when the head was another (the updates are made either way).
     */
    private static int moveHeadWithEntry(Connection db, List<LastWrites.Update> carried, Head from, Chain.Entry entry) throws SQLException {
        try (PreparedStatement append = db.prepareStatement(LastWrites.carried(carried, MOVE_HEAD_WITH_ENTRY))) {
            int first = LastWrites.bind(append, carried);
            append.setLong(first, entry.seq());
            append.setString(first + 1, entry.hash());
            append.setLong(first + 2, from.lastSeq());
            append.setString(first + 3, from.lastHash());
            bind(append, first + 4, entry);
            return append.executeUpdate();
        }
    }

    private volatile DatabaseKind database;

    private boolean onPostgreSql(Connection db) throws SQLException {
        DatabaseKind known = database;
        if (known == null) {
            known = DatabaseKind.of(db);
            database = known;
        }
        return known == DatabaseKind.POSTGRESQL;
    }

    /**
     * Moves the head to the last new entry: only from the given head when {@code expected}, else (its lock held)
     * whatever it is; on PostgreSQL with the kept updates carried in front (made whether the head moves or not).
     */
    private static int moveHead(Connection db, List<LastWrites.Update> carried, Head from, Chain.Entry last, boolean expected) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(LastWrites.carried(carried, expected ? MOVE_EXPECTED_HEAD : MOVE_HEAD))) {
            int first = LastWrites.bind(update, carried);
            update.setLong(first, last.seq());
            update.setString(first + 1, last.hash());
            if (expected) {
                update.setLong(first + 2, from.lastSeq());
                update.setString(first + 3, from.lastHash());
            }
            return update.executeUpdate();
        }
    }

    private static Head lockedHead(Connection db) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT last_seq, last_hash FROM record_head WHERE id = 1 FOR UPDATE");
             ResultSet head = select.executeQuery()) {
            if (!head.next()) {
                throw new SQLException("the licensing record's head row is missing");
            }
            return new Head(head.getLong(1), head.getString(2));
        }
    }

    private static void insert(Connection db, List<Chain.Entry> entries) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(INSERT)) {
            for (Chain.Entry entry : entries) {
                bind(insert, 1, entry);
                if (entries.size() > 1) {
                    insert.addBatch();
                }
            }
            if (entries.size() > 1) {
                insert.executeBatch();
            } else {
                insert.executeUpdate();
            }
        }
    }

    /** Sets the entry's eight columns from the given parameter on. */
    private static void bind(PreparedStatement statement, int first, Chain.Entry entry) throws SQLException {
        statement.setLong(first, entry.seq());
        statement.setLong(first + 1, entry.at());
        statement.setString(first + 2, entry.actor());
        statement.setString(first + 3, entry.type());
        statement.setString(first + 4, entry.licenceId());
        statement.setString(first + 5, entry.details());
        statement.setString(first + 6, entry.prevHash());
        statement.setString(first + 7, entry.hash());
    }

    private static final String INSERT_INTO = "INSERT INTO licensing_record (seq, recorded_at, actor, entry_type, licence_id, details, prev_hash, entry_hash) ";
    private static final String INSERT = INSERT_INTO + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MOVE_HEAD = "UPDATE record_head SET last_seq = ?, last_hash = ? WHERE id = 1";
    private static final String MOVE_EXPECTED_HEAD = MOVE_HEAD + " AND last_seq = ? AND last_hash = ?";
    /** PostgreSQL only: the entry is inserted when the head moved, that is when it was the expected one. */
    private static final String MOVE_HEAD_WITH_ENTRY = "WITH moved AS (" + MOVE_EXPECTED_HEAD + " RETURNING id) "
            + INSERT_INTO + "SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM moved";

    /** The head as of this node's last committed append: a guess that the database confirms or refutes. */
    private volatile Head committedHead;

    private void committed(Chain.Entry last) {
        Head known = committedHead;
        if (known == null || known.lastSeq() < last.seq()) {
            committedHead = new Head(last.seq(), last.hash());
        }
    }

    /** Notes and writes one fact in the caller's transaction, as its last step. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(Fact fact) {
        note(fact);
        write();
    }

    /** Records a fact that changes nothing stored (a refused upload, a login), in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void appendAlone(Fact fact) {
        note(fact);
        write();
    }

    /** The chain's head: how many entries were written and the last one's hash. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Head head() {
        RecordHead head = em.find(RecordHead.class, RecordHead.ROW);
        return new Head(head.lastSeq(), head.lastHash());
    }

    public record Head(long lastSeq, String lastHash) {
    }

    /**
     * One page of entries matching the query, newest first, before the cursor (an entry number):
     * stable while entries are appended, since new entries only ever get larger numbers. Read as a walk
     * down the numbers in windows, each read upwards through an index: H2 reads its indexes one way
     * only, and a descending read there sorts every entry in range (seconds for a million) where a
     * window costs the entries in it. A window four times wider follows one that held too few.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<Chain.Entry> newestFirst(RecordQuery query, Long before, int limit) {
        Long newest = em.createQuery("SELECT MAX(e.seq) FROM StoredEntry e", Long.class).getSingleResult();
        Long lowest = query.from() == null ? Long.valueOf(1) : firstFrom(query.from());
        if (newest == null || lowest == null || limit <= 0) {
            return List.of();
        }
        long indexed = query.narrowed() ? index.indexedUpTo() : 0;
        long high = before == null ? newest + 1 : Math.min(before, newest + 1); // exclusive
        List<Chain.Entry> found = new ArrayList<>(limit);
        long window = Math.max(limit, MIN_WINDOW);
        while (found.size() < limit && high > lowest) {
            long low = Math.max(lowest, high - window);
            List<Long> numbers = numbers(query, indexed, low, high);
            if (!numbers.isEmpty()) {
                List<Chain.Entry> entries = entries(query, numbers.subList(Math.max(0, numbers.size() - (limit - found.size())), numbers.size()));
                for (int i = entries.size() - 1; i >= 0 && found.size() < limit; i--) {
                    found.add(entries.get(i));
                }
            }
            high = low;
            window = Math.min(window * 4, MAX_WINDOW);
        }
        return found;
    }

    private static final int MIN_WINDOW = 64;
    private static final int MAX_WINDOW = 1 << 16;

    @Inject
    RecordIndex index;

    /** The newest entry recorded before the instant, walked down from the newest by number. */
    @Transactional(Transactional.TxType.REQUIRED)
    public java.util.Optional<Chain.Entry> lastBefore(java.time.Instant end) {
        return newestFirst(new RecordQuery(null, null, null, end), null, 1).stream().findFirst();
    }

    /** The lowest entry number recorded at or after the instant, or null when none is: from the index, else among the entries not yet in it. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Long firstFrom(java.time.Instant from) {
        long indexed = index.indexedUpTo(); // first: every entry up to it is in the index whenever the index is read after
        Long first = em.createQuery("SELECT MIN(i.seq) FROM IndexedEntry i WHERE i.at >= :from AND i.seq <= :indexed", Long.class)
                .setParameter("from", from.toEpochMilli()).setParameter("indexed", indexed).getSingleResult();
        return first != null ? first : em.createQuery("SELECT MIN(e.seq) FROM StoredEntry e WHERE e.seq > :indexed AND e.at >= :from", Long.class)
                .setParameter("indexed", indexed).setParameter("from", from.toEpochMilli()).getSingleResult();
    }

    /** Entries matching the query in chain order, after the given entry number: for walks and exports. */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<Chain.Entry> inOrder(RecordQuery query, long after, int limit) {
        if (!query.narrowed()) {
            return where(query, "StoredEntry", "e", after + 1, null).setMaxResults(limit).getResultList().stream()
                    .map(StoredEntry.class::cast).map(StoredEntry::entry).toList();
        }
        long indexed = index.indexedUpTo();
        List<Long> numbers = new ArrayList<>();
        if (after < indexed) {
            where(query, "IndexedEntry", "e.seq", after + 1, indexed + 1).setMaxResults(limit).getResultList().forEach(n -> numbers.add((Long) n));
        }
        if (numbers.size() < limit) {
            where(query, "StoredEntry", "e.seq", Math.max(after, indexed) + 1, null).setMaxResults(limit - numbers.size()).getResultList()
                    .forEach(n -> numbers.add((Long) n));
        }
        return entries(query, numbers);
    }

    /** The entry with this number, if there is one. */
    @Transactional(Transactional.TxType.REQUIRED)
    public java.util.Optional<Chain.Entry> entry(long seq) {
        return java.util.Optional.ofNullable(em.find(StoredEntry.class, seq)).map(StoredEntry::entry);
    }

    /**
     * The numbers of the entries matching the query from {@code low} to {@code high} (exclusive), in order: an
     * index's read alone. A licence or a type is looked up in {@code record_index} up to the entries it holds
     * ({@code indexed}) and among the entries after them in the record itself, read by number.
     */
    private List<Long> numbers(RecordQuery query, long indexed, long low, long high) {
        List<Long> numbers = new ArrayList<>();
        if (!query.narrowed()) {
            where(query, "StoredEntry", "e.seq", low, high).getResultList().forEach(n -> numbers.add((Long) n));
            return numbers;
        }
        if (low <= indexed) {
            where(query, "IndexedEntry", "e.seq", low, Math.min(high, indexed + 1)).getResultList().forEach(n -> numbers.add((Long) n));
        }
        if (high > indexed + 1) {
            where(query, "StoredEntry", "e.seq", Math.max(low, indexed + 1), high).getResultList().forEach(n -> numbers.add((Long) n));
        }
        return numbers;
    }

    /** The entries with these numbers, in order, that match the query (an entry altered after it was indexed may not). */
    private List<Chain.Entry> entries(RecordQuery query, List<Long> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT e FROM StoredEntry e WHERE e.seq IN :numbers ORDER BY e.seq", StoredEntry.class)
                .setParameter("numbers", numbers).getResultList().stream().map(StoredEntry::entry).filter(query::matches).toList();
    }

    /**
     * What is selected of the rows of {@code entity} (the record or its index) matching the query, numbered
     * from {@code low} (and below {@code high} when given), in chain order. The numbers' range is what narrows
     * (with a licence or a type, through the index's); the time is checked row by row ("+ 0"), so that the
     * planner never walks the time index through every entry up to an instant.
     */
    private TypedQuery<Object> where(RecordQuery query, String entity, String selected, long low, Long high) {
        StringBuilder jpql = new StringBuilder("SELECT ").append(selected).append(" FROM ").append(entity).append(" e WHERE e.seq >= :low");
        if (high != null) {
            jpql.append(" AND e.seq < :high");
        }
        if (query.licenceId() != null) {
            jpql.append(" AND e.licenceId = :licence");
        }
        if (query.type() != null) {
            jpql.append(" AND e.type = :type");
        }
        if (query.from() != null) {
            jpql.append(" AND e.at + 0 >= :from");
        }
        if (query.to() != null) {
            jpql.append(" AND e.at + 0 < :to");
        }
        jpql.append(" ORDER BY e.seq");
        TypedQuery<Object> select = em.createQuery(jpql.toString(), Object.class).setParameter("low", low);
        if (high != null) {
            select.setParameter("high", high);
        }
        if (query.licenceId() != null) {
            select.setParameter("licence", query.licenceId());
        }
        if (query.type() != null) {
            select.setParameter("type", query.type().code());
        }
        if (query.from() != null) {
            select.setParameter("from", query.from().toEpochMilli());
        }
        if (query.to() != null) {
            select.setParameter("to", query.to().toEpochMilli());
        }
        return select;
    }
}
