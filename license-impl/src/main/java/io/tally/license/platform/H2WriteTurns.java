package io.tally.license.platform;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.ExternalTransactionController;
import org.eclipse.persistence.transaction.JTATransactionController;

/**
 * On H2, the transactions that lock or write rows run one at a time, each from its first lock or write
 * (where EclipseLink begins the database transaction) until its commit or rollback has finished.
 * <p>
 * H2's row locks lose updates now and then: a transaction that locks a row while another commits a
 * change to it can put the row's earlier value back when it ends. Tally met it as a licence renewed to
 * 4 points that still read 1 point afterwards, and the same happens with plain JDBC on every H2 release
 * from 2.2 to 2.5 (the README says how to see it). Every rule here rests on such locks, so on H2 they
 * never meet: only one process can open an H2 file, and in it the writers take turns. Reads without a
 * lock still run side by side, and PostgreSQL, which has no such defect, runs everything side by side.
 * <p>
 * Registered with EclipseLink in persistence.xml. A transaction nested in another on the same thread
 * (a new transaction while the first waits) shares its turn: it could never wait for it.
 */
public class H2WriteTurns extends SessionEventAdapter {

    private static final Logger LOG = Logger.getLogger(H2WriteTurns.class.getName());

    /** How long a transaction waits for its turn before it counts as a lost race (tried again by the caller). */
    static final long WAIT_SECONDS = 10;

    /** One per application: the persistence unit has one session, and only one process opens the H2 file. */
    private static final Turn TURN = new Turn();
    private final Set<Transaction> holding = ConcurrentHashMap.newKeySet();
    private volatile boolean announced;

    /** Whether a thread waits for its transaction's turn now (never on PostgreSQL). */
    public static boolean waits(Thread thread) {
        return TURN.waits(thread);
    }

    @Override
    public void preBeginTransaction(SessionEvent event) {
        Session session = event.getSession();
        if (!session.getPlatform().isH2()) {
            return;
        }
        Transaction transaction = transactionOf(session.getExternalTransactionController());
        if (transaction == null || !holding.add(transaction)) {
            return; // no JTA transaction to end the turn, or it has its turn already
        }
        if (!announced) {
            announced = true;
            LOG.info("The database is H2: transactions that lock or write rows take turns (H2's row locks can lose updates when they meet).");
        }
        try {
            if (!TURN.take(WAIT_SECONDS)) {
                TURN.holder().ifPresent(LOG::warning); // what held it so long, once per holding: the cause is in its stack
                throw new LockTimeoutException("no turn to write to H2 within " + WAIT_SECONDS + " s: another transaction held it all that time");
            }
        } catch (RuntimeException notTaken) {
            holding.remove(transaction);
            throw notTaken;
        }
        try {
            transaction.registerSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // the turn lasts through the commit itself
                }

                @Override
                public void afterCompletion(int status) {
                    holding.remove(transaction);
                    TURN.give();
                }
            });
        } catch (RollbackException | SystemException | IllegalStateException e) {
            holding.remove(transaction);
            TURN.give();
            throw new PersistenceException("The transaction cannot be followed to its end: " + e.getMessage(), e);
        }
    }

    private static Transaction transactionOf(ExternalTransactionController controller) {
        if (!(controller instanceof JTATransactionController jta)) {
            return null;
        }
        try {
            return jta.getTransactionManager().getTransaction();
        } catch (SystemException e) {
            throw new PersistenceException("The transaction manager does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * One holder at a time, in the order they came (a thread that just gave the turn back cannot take it
     * again ahead of those waiting); the thread that holds it may take it again (a transaction nested in
     * its own); any thread may give it back (a transaction may end on a thread of the transaction manager's).
     */
    static final class Turn {
        private Thread owner;
        private int holds;
        private long since;
        private boolean described;
        private final java.util.ArrayDeque<Thread> queue = new java.util.ArrayDeque<>();

        synchronized boolean take(long seconds) {
            Thread me = Thread.currentThread();
            if (owner == me) {
                holds++;
                return true;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            queue.addLast(me);
            try {
                while (owner != null || queue.peekFirst() != me) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new LockTimeoutException("interrupted while waiting for a turn to write to H2");
                    }
                }
            } finally {
                queue.remove(me);
                notifyAll(); // the next in the queue may be free to go (when this one gave up, or took its turn)
            }
            owner = me;
            holds = 1;
            since = System.nanoTime();
            described = false;
            return true;
        }

        /** The thread holding the turn, for how long, and where it is now; empty when nobody holds it or it was described already. */
        synchronized java.util.Optional<String> holder() {
            Thread holding = owner;
            if (holding == null || described) {
                return java.util.Optional.empty();
            }
            described = true;
            StringBuilder text = new StringBuilder("The turn to write to H2 is held by thread '").append(holding.getName()).append("' for ")
                    .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since)).append(" ms (").append(holds).append(" holds), now at:");
            StackTraceElement[] stack = holding.getStackTrace();
            for (int i = 0; i < Math.min(stack.length, 40); i++) {
                text.append("\n    ").append(stack[i]);
            }
            return java.util.Optional.of(text.toString());
        }

        synchronized boolean waits(Thread thread) {
            return queue.contains(thread);
        }

        synchronized void give() {
            if (holds == 0) {
                throw new IllegalStateException("a turn given back that nobody held");
            }
            if (--holds == 0) {
                owner = null;
                notifyAll();
            }
        }
    }
}
