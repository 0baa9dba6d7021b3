package io.tally.license.application;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Requests that wait while others are being decided are decided together next: whoever holds the
 * turn takes everything queued (up to a batch's size) and decides it; a thread whose request was
 * decided in another's turn picks up its answer and leaves as soon as it is decided, without waiting for
 * the turn (which its holder may keep for the next batch): a thread that queued for the turn only to leave
 * would come back late with its next request, and the batches would shrink to one or two. A request alone
 * is decided at once, by its own thread; only requests that would have waited anyway share a batch.
 *
 * @param <R> a request, which the deciding function marks {@linkplain Request#decided() decided}
 */
final class TakingTurns<R extends TakingTurns.Request> {

    /**
     * A request; its fields are written by the deciding thread before it marks the request decided, and read
     * by the request's own thread after it sees the mark (a volatile write and read: everything before the one is seen after the other).
     */
    abstract static class Request {
        private volatile boolean decided;
        private RuntimeException failure;
        private Thread waiter;

        /** Called by the deciding function for each request it decided, whatever the answer: its thread leaves at once. */
        final void decided() {
            this.decided = true;
            LockSupport.unpark(waiter);
        }
    }

    private final int most;
    private final Consumer<List<R>> decide;
    private final ConcurrentLinkedQueue<R> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock turn = new ReentrantLock();

    /**
     * {@code decide} must mark every request of the batch it is given decided, whatever happens; what it leaves
     * unmarked (after a RuntimeException: that exception; otherwise, an Error included, an IllegalStateException) fails.
     */
    TakingTurns(int most, Consumer<List<R>> decide) {
        if (most < 1) {
            throw new IllegalArgumentException("a batch holds at least one request, not " + most);
        }
        this.most = most;
        this.decide = decide;
    }

    /**
     * Returns once the request is decided, in this thread's turn or in another's. A thread that finds the turn
     * taken parks until its request is decided or the turn is free; whoever frees the turn wakes the thread of
     * the first request still waiting, which takes it (or, if another took it first, is woken by that one in turn).
     */
    void await(R request) {
        Request mine = request; // its fields, read through the class that declares them
        mine.waiter = Thread.currentThread();
        waiting.add(request); // before the first try for the turn: a holder that frees it afterwards finds it queued and wakes it
        boolean interrupted = false;
        while (!mine.decided) {
            if (turn.tryLock()) {
                try {
                    decideUntil(mine);
                } finally {
                    turn.unlock();
                    wakeTheNext();
                }
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // kept for the caller; a decision in the database is not abandoned half way
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Holding the turn: decides batches from the head of the queue until this thread's own request is decided. */
    private void decideUntil(Request mine) {
        while (!mine.decided) {
            List<R> batch = next();
            try {
                decide.accept(List.copyOf(batch));
            } catch (RuntimeException e) {
                fail(batch, e);
            } finally { // after an Error too: this thread leaves with it, its batch-mates must not wait for a mark nobody writes
                if (batch.stream().anyMatch(request -> !((Request) request).decided)) { // the exception only when needed: every start passes here
                    fail(batch, new IllegalStateException("a batch of " + batch.size() + " requests was left undecided"));
                }
            }
        }
    }

    /** The turn is free: the thread of the first request still waiting comes to take it. */
    private void wakeTheNext() {
        R next = waiting.peek();
        if (next != null) {
            LockSupport.unpark(((Request) next).waiter);
        }
    }

    /** What the deciding function left undecided fails, rather than leave its thread waiting for ever. */
    private static void fail(List<? extends Request> batch, RuntimeException failure) {
        for (Request request : batch) {
            if (!request.decided) {
                request.failure = failure;
                request.decided(); // after the failure: its thread reads it once it sees the mark
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
