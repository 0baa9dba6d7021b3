package io.tally.license.it;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for work Tally does on its own threads (a cut-off's disabling, a flush): correctness, never speed. */
final class Await {

    private Await() {
    }

    static void until(BooleanSupplier condition, String what) {
        until(condition, what, java.time.Duration.ofSeconds(20));
    }

    static void until(BooleanSupplier condition, String what, java.time.Duration most) {
        Instant deadline = Instant.now().plus(most);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + most.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
