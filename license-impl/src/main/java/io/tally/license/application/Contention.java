package io.tally.license.application;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs a transaction again when it lost a race in the database (a unique key taken meanwhile, a
 * deadlock, a lock wait that ran out), after a short random pause that grows with each attempt, so
 * that the racers do not meet again at once.
 */
final class Contention {

    private static final Logger LOG = Logger.getLogger(Contention.class.getName());
    private static final int ATTEMPTS = 6;

    private Contention() {
    }

    static <T> T retry(String what, Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isContention(e)) {
                    throw e;
                }
                int tried = attempt;
                // expected under load: one short line at FINE with the database's code, never a stack trace
                LOG.fine(() -> what + " met a concurrent change (" + code(e) + "); trying again, attempt " + (tried + 1));
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1L + (2L << attempt))); // up to 4, 8, … 64 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to try again", e);
        }
    }

    /** The SQLState, or the lock exception's name: which kind of conflict it was. */
    static String code(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "SQLState " + sql.getSQLState();
            }
        }
        return e.getClass().getSimpleName();
    }

    static boolean isContention(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // 23xxx: a unique key (the pair) taken meanwhile; 40xxx: deadlock or serialisation; HYT00 and 55P03: lock wait ran out
                return state.startsWith("23") || state.startsWith("40") || state.equals("HYT00") || state.equals("55P03");
            }
            if (cause instanceof PessimisticLockException || cause instanceof LockTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
