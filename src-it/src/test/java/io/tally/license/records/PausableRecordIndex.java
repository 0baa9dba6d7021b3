package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Specializes;
import jakarta.transaction.Transactional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Tally's {@link RecordIndex} in the test deployment, with one addition: a test can hold the copying
 * back for a while, so that reads meet entries not yet in the index for certain (they otherwise do for
 * a quarter of a second at most). Tally itself has no such switch.
 */
@Specializes
@ApplicationScoped
public class PausableRecordIndex extends RecordIndex {

    /** Held by a copy from its look at the flag until its statements ran, and by a pause while it sets the flag. */
    private static final ReentrantLock TURN = new ReentrantLock();
    private static volatile boolean paused;

    /**
     * Runs the work with nothing copied into the index meanwhile. A copy already running when the pause
     * begins has read what it copies by then (it holds the turn until its insert ran): the work's own
     * entries, appended after, stay out of the index until the work ends.
     */
    public static <T> T paused(Supplier<T> work) {
        TURN.lock();
        try {
            if (paused) {
                throw new IllegalStateException("already paused");
            }
            paused = true;
        } finally {
            TURN.unlock();
        }
        try {
            return work.get();
        } finally {
            paused = false;
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int copyNext() {
        TURN.lock();
        try {
            return paused ? 0 : super.copyNext();
        } finally {
            TURN.unlock();
        }
    }
}
