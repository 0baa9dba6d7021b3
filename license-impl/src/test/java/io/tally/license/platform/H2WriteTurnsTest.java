package io.tally.license.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class H2WriteTurnsTest {

    private final H2WriteTurns.Turn turn = new H2WriteTurns.Turn();

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
        });
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (waiting.get() == null || !turn.waits(waiting.get())) {
            assertTrue(System.nanoTime() < giveUp, "the second thread never came to wait");
            Thread.onSpinWait();
        }
        CompletableFuture.runAsync(turn::give).get(1, TimeUnit.MINUTES); // a transaction manager's thread ends it
        assertTrue(waiter.get(1, TimeUnit.MINUTES), "the waiting transaction has its turn once the holder ended");
        assertFalse(turn.waits(waiting.get()));
    }

    @Test
    void aTurnNobodyHeldCannotBeGivenBack() {
        assertThrows(IllegalStateException.class, turn::give);
    }

    private static boolean elsewhere(java.util.function.BooleanSupplier attempt) throws Exception {
        return CompletableFuture.supplyAsync(attempt::getAsBoolean).get(1, TimeUnit.MINUTES);
    }
}
