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

    /**
     * Back to real time. A test that moved the clock ahead also moved the latest time Tally has seen
     * (the clock guard's mark): call {@link #forgetTheFuture} too, or every later start meets a clock
     * that is behind.
     */
    public static void reset() {
        ahead = Duration.ZERO;
    }

    /** Puts the clock guard's mark back to now, as only someone with the database's keys could. */
    public static void forgetTheFuture(javax.sql.DataSource database, io.tally.license.time.ClockGuard guard) {
        try (var connection = database.getConnection(); var update = connection.prepareStatement("UPDATE seen_time SET latest = ?")) {
            update.setLong(1, Instant.now().toEpochMilli());
            update.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        guard.load();
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
