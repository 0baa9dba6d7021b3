package io.tally.license.application;

import io.tally.license.points.PointsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Specializes;
import java.util.function.Supplier;

/**
 * Tally's {@link RecordedDecisions} in the test deployment, with one addition: a benchmark can run work
 * on its own thread without the point entries, for the "without recording" side of measuring what the
 * record costs a start. Tally itself has no such switch: a decision it makes is always recorded.
 */
@Specializes
@ApplicationScoped
public class BenchmarkedDecisions extends RecordedDecisions {

    private static final ThreadLocal<Boolean> UNRECORDED = ThreadLocal.withInitial(() -> false);

    /** Runs the work on this thread with its decisions left out of the record. */
    public static <T> T unrecorded(Supplier<T> work) {
        UNRECORDED.set(true);
        try {
            return work.get();
        } finally {
            UNRECORDED.remove();
        }
    }

    @Override
    void decided(@Observes PointsChanged change) {
        if (!UNRECORDED.get()) {
            super.decided(change);
        }
    }
}
