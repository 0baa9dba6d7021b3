package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Specializes;
import jakarta.transaction.Transactional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Tally's {@link RecordIndex} in the test deployment, with one addition: a test can hold the copying
 * back for a while, so that reads meet entries not yet in the index for certain (they otherwise do for
 * a quarter of a second at most). Tally itself has no such switch.
 */
@Specializes
@ApplicationScoped
public class PausableRecordIndex extends RecordIndex {

    private static final AtomicBoolean PAUSED = new AtomicBoolean();

    /** Runs the work with nothing copied into the index meanwhile. */
    public static <T> T paused(Supplier<T> work) {
        if (!PAUSED.compareAndSet(false, true)) {
            throw new IllegalStateException("already paused");
        }
        try {
            return work.get();
        } finally {
            PAUSED.set(false);
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int copyNext() {
        return PAUSED.get() ? 0 : super.copyNext();
    }
}
