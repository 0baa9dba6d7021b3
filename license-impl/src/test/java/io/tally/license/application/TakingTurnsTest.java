package io.tally.license.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests that wait while a batch is decided are decided together next, each once, and no thread is left waiting. */
class TakingTurnsTest {

    static final class Ask extends TakingTurns.Request {
        final int n;
        int answer;

        Ask(int n) {
            this.n = n;
        }
    }

    final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Answers each request with its square and notes the batches in the order they were decided. */
    Consumer<List<Ask>> squares(CountDownLatch firstBatchMayEnd) {
        return batch -> {
            batches.add(batch.stream().map(ask -> ask.n).toList());
            if (batches.size() == 1) {
                await(firstBatchMayEnd);
            }
            batch.forEach(ask -> {
                ask.answer = ask.n * ask.n;
                ask.decided();
            });
        };
    }

    @Test
    void aRequestAloneIsDecidedAtOnceInABatchOfOne() {
        TakingTurns<Ask> turns = new TakingTurns<>(8, squares(new CountDownLatch(0)));
        Ask ask = new Ask(7);
        turns.await(ask);
        assertEquals(49, ask.answer);
        assertEquals(List.of(List.of(7)), batches);
    }

    @Test
    void requestsThatQueueWhileABatchIsDecidedAreDecidedTogetherNextEachOnce() throws Exception {
        CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
        TakingTurns<Ask> turns = new TakingTurns<>(32, squares(firstBatchMayEnd));
        List<Ask> asks = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int n = 1; n <= 16; n++) {
            Ask ask = new Ask(n);
            asks.add(ask);
            done.add(threads.submit(() -> turns.await(ask)));
            if (n == 1) {
                until(() -> batches.size() == 1); // the first is being decided...
            }
        }
        until(() -> turns.waiting() == 15); // ...while fifteen queue up
        firstBatchMayEnd.countDown();
        for (Future<?> each : done) {
            each.get(30, TimeUnit.SECONDS);
        }
        assertEquals(2, batches.size(), "one batch for the first, one for the fifteen that waited: " + batches);
        assertEquals(15, batches.get(1).size());
        asks.forEach(ask -> assertEquals(ask.n * ask.n, ask.answer));
    }

    /**
     * A thread whose request another decided leaves with its answer at once, not when the turn is free: the
     * turn's holder may go on to decide the next batch (a transaction that waits for the disk), and a thread
     * that queued for the turn only to leave would hold up its next request, and every batch after it would be smaller.
     */
    @Test
    void aThreadWhoseRequestWasDecidedLeavesWhileTheTurnIsStillHeld() throws Exception {
        CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
        CountDownLatch secondBatchMayEnd = new CountDownLatch(1);
        TakingTurns<Ask> turns = new TakingTurns<>(8, batch -> {
            batches.add(batch.stream().map(ask -> ask.n).toList());
            int index = batches.size();
            if (index == 1) {
                await(firstBatchMayEnd);
            }
            batch.forEach(ask -> {
                ask.answer = ask.n * ask.n;
                ask.decided();
            });
            if (index == 2) {
                await(secondBatchMayEnd); // both decided, and the turn still held
            }
        });
        Future<?> first = threads.submit(() -> turns.await(new Ask(1)));
        until(() -> batches.size() == 1);
        Ask two = new Ask(2);
        Ask three = new Ask(3);
        Future<?> second = threads.submit(() -> turns.await(two));
        Future<?> third = threads.submit(() -> turns.await(three));
        until(() -> turns.waiting() == 2);
        firstBatchMayEnd.countDown();
        until(() -> batches.size() == 2);
        until(() -> second.isDone() || third.isDone());
        assertEquals(List.of(2, 3), batches.get(1).stream().sorted().toList(), "the two that waited, decided together by one of them");
        assertTrue(second.isDone() != third.isDone(), "the other holds the turn until its batch ends");
        secondBatchMayEnd.countDown();
        for (Future<?> each : List.of(first, second, third)) {
            each.get(30, TimeUnit.SECONDS);
        }
        assertEquals(4, two.answer);
        assertEquals(9, three.answer);
    }

    @Test
    void aBatchNeverHoldsMoreThanItsSize() throws Exception {
        CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
        TakingTurns<Ask> turns = new TakingTurns<>(4, squares(firstBatchMayEnd));
        List<Future<?>> done = new ArrayList<>();
        List<Ask> asks = new ArrayList<>();
        for (int n = 1; n <= 11; n++) {
            Ask ask = new Ask(n);
            asks.add(ask);
            done.add(threads.submit(() -> turns.await(ask)));
            if (n == 1) {
                until(() -> batches.size() == 1);
            }
        }
        until(() -> turns.waiting() == 10);
        firstBatchMayEnd.countDown();
        for (Future<?> each : done) {
            each.get(30, TimeUnit.SECONDS);
        }
        assertTrue(batches.stream().allMatch(batch -> batch.size() <= 4), batches.toString());
        assertEquals(11, batches.stream().mapToInt(List::size).sum(), "each request decided once: " + batches);
        asks.forEach(ask -> assertEquals(ask.n * ask.n, ask.answer));
    }

    @Test
    void aRequestTheDecisionLeftUndecidedOrFailedOnFailsItsThreadRatherThanHangIt() {
        TakingTurns<Ask> forgetful = new TakingTurns<>(8, batch -> { });
        IllegalStateException left = assertThrows(IllegalStateException.class, () -> forgetful.await(new Ask(1)));
        assertTrue(left.getMessage().contains("undecided"), left.getMessage());

        TakingTurns<Ask> failing = new TakingTurns<>(8, batch -> {
            throw new IllegalArgumentException("the database said no");
        });
        assertEquals("the database said no", assertThrows(IllegalArgumentException.class, () -> failing.await(new Ask(2))).getMessage());
        Ask after = new Ask(3);
        new TakingTurns<Ask>(8, squares(new CountDownLatch(0))).await(after);
        assertEquals(9, after.answer);
    }

    /**
     * An Error out of the deciding function (a stack overflow in a driver, an assertion) still fails the other
     * requests of its batch: their threads wait for a mark that nobody else would write.
     */
    @Test
    void anErrorInTheDecisionFailsTheBatchsOtherRequestsRatherThanHangTheirThreads() throws Exception {
        CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
        TakingTurns<Ask> turns = new TakingTurns<>(8, batch -> {
            batches.add(batch.stream().map(ask -> ask.n).toList());
            if (batches.size() == 1) {
                await(firstBatchMayEnd);
                batch.forEach(TakingTurns.Request::decided);
            } else {
                throw new StackOverflowError("deep inside a driver");
            }
        });
        Future<?> first = threads.submit(() -> turns.await(new Ask(1)));
        until(() -> batches.size() == 1);
        Future<?> second = threads.submit(() -> turns.await(new Ask(2)));
        Future<?> third = threads.submit(() -> turns.await(new Ask(3)));
        until(() -> turns.waiting() == 2);
        firstBatchMayEnd.countDown();
        first.get(30, TimeUnit.SECONDS);
        List<Throwable> failures = new ArrayList<>();
        for (Future<?> each : List.of(second, third)) {
            failures.add(assertThrows(java.util.concurrent.ExecutionException.class, () -> each.get(30, TimeUnit.SECONDS)).getCause());
        }
        assertEquals(2, batches.size(), "the two that waited, in one batch: " + batches);
        assertTrue(failures.stream().anyMatch(StackOverflowError.class::isInstance), "the holder's own thread meets the Error: " + failures);
        assertTrue(failures.stream().anyMatch(failure -> failure instanceof IllegalStateException && failure.getMessage().contains("undecided")),
                "its batch-mate fails with the batch instead of waiting for ever: " + failures);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the test let the batch end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a condition another thread makes true (no sleeping: a spin with yields, bounded). */
    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
