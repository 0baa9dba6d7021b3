package io.tally.license.application;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Requests that wait while others are being decided are decided together next: whoever holds the
 * turn takes everything queued (up to a batch's size) and decides it; a thread whose request was
 * decided in another's turn only picks up its answer. A request alone is decided at once, by its own
 * thread; only requests that would have waited anyway share a batch.
 *
 * @param <R> a request, which the deciding function marks {@linkplain Request#decided() decided}
 */
final class TakingTurns<R extends TakingTurns.Request> {

    /** A request; its fields are written by the deciding thread and read by its own after its turn (under the lock). */
    abstract static class Request {
        private boolean decided;
        private RuntimeException failure;

        /** Called by the deciding function for each request it decided, whatever the answer. */
        final void decided() {
            this.decided = true;
        }
    }

    private final int most;
    private final Consumer<List<R>> decide;
    private final ConcurrentLinkedQueue<R> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock turn = new ReentrantLock();

    /** {@code decide} must mark every request of the batch it is given decided, whatever happens. */
    TakingTurns(int most, Consumer<List<R>> decide) {
        if (most < 1) {
            throw new IllegalArgumentException("a batch holds at least one request, not " + most);
        }
        this.most = most;
        this.decide = decide;
    }

    /** Returns once the request is decided, in this thread's turn or in another's. */
    void await(R request) {
        Request mine = request; // its fields, read through the class that declares them
        waiting.add(request);
        turn.lock();
        try {
            while (!mine.decided) {
                List<R> batch = next();
                try {
                    decide.accept(List.copyOf(batch));
                } catch (RuntimeException e) {
                    fail(batch, e);
                }
                fail(batch, new IllegalStateException("a batch of " + batch.size() + " requests was left undecided"));
            }
        } finally {
            turn.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** What the deciding function left undecided fails, rather than leave its thread waiting for ever. */
    private static void fail(List<? extends Request> batch, RuntimeException failure) {
        for (Request request : batch) {
            if (!request.decided) {
                request.failure = failure;
                request.decided = true;
            }
        }
    }

    /** How many requests wait now (for tests and metrics). */
    int waiting() {
        return waiting.size();
    }

    private List<R> next() {
        List<R> batch = new ArrayList<>();
        for (R request; batch.size() < most && (request = waiting.poll()) != null; ) {
            batch.add(request);
        }
        return batch;
    }
}
