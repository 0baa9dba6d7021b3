package io.tally.license.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final HandClock clock = new HandClock();
    final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aFewWrongPasswordsFromOneAddressAreFree() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            assertTrue(throttle.check("admin", "10.0.0.9").allowed());
            throttle.failed("admin", "admin", "10.0.0.9");
        }
        assertTrue(throttle.check("admin", "10.0.0.9").allowed());
    }

    @Test
    void furtherFailuresFromAnAddressWaitTwiceAsLongEachTimeUpToTheCap() {
        fail(LoginThrottle.FREE_FAILURES_PER_ADDRESS, "nobody", "10.0.0.9");
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            throttle.failed(null, "nobody", "10.0.0.9");
            assertEquals(Duration.ofSeconds(seconds), throttle.check(null, "10.0.0.9").retryAfter());
            clock.now = clock.now.plusSeconds(seconds);
            assertTrue(throttle.check(null, "10.0.0.9").allowed(), "free again once the wait is over");
        }
        assertTrue(throttle.check(null, "10.0.0.10").allowed(), "another address is not slowed down");
    }

    @Test
    void aGuessDuringTheWaitIsRefusedWithoutLookingAtThePassword() {
        fail(LoginThrottle.FREE_FAILURES_PER_ADDRESS + 1, "admin", "10.0.0.9");

        assertFalse(throttle.check("admin", "10.0.0.9").allowed());
    }

    @Test
    void guessesFromManyAddressesSlowTheAccountButNotTheAddressItsOwnerUsedBefore() {
        throttle.succeeded("admin", "192.168.1.20"); // the administrator's usual desk
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ACCOUNT + 3; i++) {
            throttle.failed("admin", "admin", "10.0.1." + i); // one guess from each of many addresses
        }

        assertFalse(throttle.check("admin", "10.0.2.1").allowed(), "a new address waits for the account's back-off");
        assertTrue(throttle.check("admin", "192.168.1.20").allowed(), "the owner's known address gets in at once");
        assertTrue(throttle.check("platform", "10.0.2.1").allowed(), "another account is not slowed down");
    }

    @Test
    void theAccountsBackOffIsCappedSoAnAttackerCannotLockItForLong() {
        for (int i = 0; i < 200; i++) {
            throttle.failed("admin", "admin", "10.0." + (i / 250) + "." + (i % 250));
        }

        assertEquals(LoginThrottle.MAX_DELAY_PER_ACCOUNT, throttle.check("admin", "10.9.9.9").retryAfter());
    }

    @Test
    void theRightPasswordForgetsTheAddressesFailures() {
        fail(LoginThrottle.FREE_FAILURES_PER_ADDRESS - 1, "admin", "10.0.0.9");
        throttle.succeeded("admin", "10.0.0.9");
        fail(LoginThrottle.FREE_FAILURES_PER_ADDRESS, "admin", "10.0.0.9");

        assertTrue(throttle.check("admin", "10.0.0.9").allowed());
    }

    @Test
    void aQuietQuarterOfAnHourStartsAgainFromNoFailures() {
        fail(LoginThrottle.FREE_FAILURES_PER_ADDRESS + 4, "nobody", "10.0.0.9");
        clock.now = clock.now.plus(LoginThrottle.QUIET).plusSeconds(1);
        throttle.failed(null, "nobody", "10.0.0.9");

        assertTrue(throttle.check(null, "10.0.0.9").allowed());
    }

    private void fail(int times, String user, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user.equals("nobody") ? null : user, user, address);
        }
    }
}
