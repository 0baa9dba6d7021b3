package io.tally.license.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class H2WriteTurnsTest {

    private final H2WriteTurns.Turn turn = new H2WriteTurns.Turn();
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aTurnHeldByOneThreadIsNotTakenByAnother() throws Exception {
        assertTrue(turn.take(0));
        assertFalse(elsewhere(() -> turn.take(0)), "another thread has no turn while this one holds it");
        turn.give();
        assertTrue(elsewhere(() -> turn.take(0)), "given back, the turn is free");
    }

    @Test
    void aTransactionNestedOnTheSameThreadSharesTheTurnUntilBothEnd() throws Exception {
        assertTrue(turn.take(0));
        assertTrue(turn.take(0), "the thread holding the turn takes it again: a transaction nested in its own never waits for it");
        turn.give();
        assertFalse(elsewhere(() -> turn.take(0)), "the outer transaction still holds it");
        turn.give();
        assertTrue(elsewhere(() -> turn.take(0)));
    }

    @Test
    void aTurnMayEndOnAnotherThreadAndThenWakesTheOneWaiting() throws Exception {
        assertTrue(turn.take(0));
        java.util.concurrent.atomic.AtomicReference<Thread> waiting = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            waiting.set(Thread.currentThread());
            return turn.take(60);
        }, threads);
        waitUntil(() -> waiting.get() != null && turn.waits(waiting.get()));
        CompletableFuture.runAsync(turn::give, threads).get(1, TimeUnit.MINUTES); // a transaction manager's thread ends it
        assertTrue(waiter.get(1, TimeUnit.MINUTES), "the waiting transaction has its turn once the holder ended");
        assertFalse(turn.waits(waiting.get()));
    }

    @Test
    void turnsGoInTheOrderTheyWereAskedFor() throws Exception {
        assertTrue(turn.take(0));
        java.util.concurrent.CountDownLatch firstHolds = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch firstDone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> first = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Thread> second = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<Boolean> firstTurn = CompletableFuture.supplyAsync(() -> {
            first.set(Thread.currentThread());
            boolean taken = turn.take(60);
            firstHolds.countDown();
            await(firstDone);
            turn.give();
            return taken;
        }, threads);
        waitUntil(() -> first.get() != null && turn.waits(first.get()));
        CompletableFuture<Boolean> secondTurn = CompletableFuture.supplyAsync(() -> {
            second.set(Thread.currentThread());
            return turn.take(60);
        }, threads);
        waitUntil(() -> second.get() != null && turn.waits(second.get()));
        turn.give();
        assertTrue(firstHolds.await(1, TimeUnit.MINUTES), "the first to ask has the turn");
        assertTrue(turn.waits(second.get()), "the second still waits");
        firstDone.countDown();
        assertTrue(firstTurn.get(1, TimeUnit.MINUTES));
        assertTrue(secondTurn.get(1, TimeUnit.MINUTES), "then the second has it");
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < giveUp, "not within a minute");
            Thread.onSpinWait();
        }
    }

    @Test
    void aWaiterThatGaveUpCanNameTheHolderAndWhereItIsOnceAHolding() throws Exception {
        assertTrue(turn.holder().isEmpty(), "nobody holds it");
        assertTrue(turn.take(0));
        assertFalse(elsewhere(() -> turn.take(0)));
        String held = turn.holder().orElseThrow();
        assertTrue(held.startsWith("The turn to write to H2 is held by thread '" + Thread.currentThread().getName() + "' for "), held);
        assertTrue(held.contains("aWaiterThatGaveUpCanNameTheHolderAndWhereItIsOnceAHolding"), "its stack names where it is: " + held);
        assertTrue(turn.holder().isEmpty(), "the waiters after the first add nothing to the log for the same holding");
        turn.give();
        assertTrue(turn.take(0));
        assertTrue(turn.holder().isPresent(), "a new holding is described again");
        turn.give();
    }

    @Test
    void aTurnNobodyHeldCannotBeGivenBack() {
        assertThrows(IllegalStateException.class, turn::give);
    }

    private boolean elsewhere(java.util.function.BooleanSupplier attempt) throws Exception {
        return CompletableFuture.supplyAsync(attempt::getAsBoolean, threads).get(1, TimeUnit.MINUTES);
    }
}
