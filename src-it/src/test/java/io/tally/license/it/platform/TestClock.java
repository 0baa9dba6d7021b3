package io.tally.license.it.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Replaces Tally's clock in the test deployment: real time, moved ahead when a test says so. */
@Alternative
@Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100)
@ApplicationScoped
public class TestClock {

    private static volatile Duration ahead = Duration.ZERO;

    @Produces
    @Singleton
    Clock clock() {
        return new Moved(ZoneOffset.UTC);
    }

    public static void moveTo(Instant instant) {
        ahead = Duration.between(Instant.now(), instant);
    }

    public static void reset() {
        ahead = Duration.ZERO;
    }

    private static final class Moved extends Clock {
        private final ZoneId zone;

        Moved(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Moved(other);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }
}
