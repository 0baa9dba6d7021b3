package io.tally.license.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guards against a clock turned back. Tally keeps the latest time it has seen in the database
 * (written at most once a minute, and at every licence change); a clock that reads earlier than that
 * by more than the tolerance is behind, and new starts wait until it is right again. Running
 * integrations keep running: nothing is taken away because of a clock. The tolerance (default 5
 * minutes) lets NTP corrections and leap smearing pass.
 */
@ApplicationScoped
public class ClockGuard {

    private static final Logger LOG = Logger.getLogger(ClockGuard.class.getName());
    static final Duration WRITE_EVERY = Duration.ofMinutes(1);

    /** The clock read earlier than the latest time seen: both, for messages and the page. */
    public record Behind(Instant now, Instant latestSeen) {
        public String describe() {
            return "This server's clock reads " + now + ", earlier than " + latestSeen
                    + ", the latest time Tally has seen: new integrations start again once the clock is right.";
        }
    }

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    jakarta.enterprise.event.Event<ClockTurned> turned;

    @Inject
    @ConfigProperty(name = "tally.clock.tolerance-minutes", defaultValue = "5")
    int toleranceMinutes;

    private volatile long latestSeen = Long.MIN_VALUE;
    private volatile long written = Long.MIN_VALUE;
    private volatile boolean behindSaid;
    /** The latest time seen before this start, if Tally ever ran on this database: when it was last seen running. */
    private volatile Instant seenBeforeStart;

    /** At start: reads the latest time seen (and records now, when it is later), in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void load() {
        if (toleranceMinutes < 1 || toleranceMinutes > 1440) {
            throw new IllegalStateException("tally.clock.tolerance-minutes must be from 1 to 1440, not " + toleranceMinutes);
        }
        SeenTime before = em.find(SeenTime.class, SeenTime.ROW);
        seenBeforeStart = before == null ? null : before.latest();
        record();
    }

    /** The latest time Tally was seen running before this start (written once a minute): empty on a new database. */
    public Optional<Instant> seenBeforeStart() {
        return Optional.ofNullable(seenBeforeStart);
    }

    /**
     * Called often: notices a clock turned back or put right. True when the time is due to be recorded
     * (once a minute, never while the clock is behind): then call {@link #recordInNewTransaction()}.
     */
    public boolean tick() {
        Optional<Behind> behind = behind();
        if (behind.isPresent() != behindSaid) {
            try {
                turned.fire(new ClockTurned(behind.isPresent(), clock.instant(), Instant.ofEpochMilli(latestSeen)));
            } catch (RuntimeException notRecorded) {
                LOG.fine("The clock's turn is not recorded yet (" + notRecorded + "); the next tick tries again");
                return false;
            }
            behindSaid = behind.isPresent();
            if (behindSaid) {
                LOG.warning("The clock is behind: " + behind.get().describe());
            } else {
                LOG.info("The clock is right again (" + clock.instant() + "); new integrations may start.");
            }
        }
        return behind.isEmpty() && clock.millis() - written >= WRITE_EVERY.toMillis();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordInNewTransaction() {
        record();
    }

    /** Records now as seen, inside the caller's transaction (a licence change): never moves back. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void record() {
        Instant now = clock.instant();
        SeenTime row = em.find(SeenTime.class, SeenTime.ROW, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new SeenTime(now);
            em.persist(row);
        } else {
            row.saw(now);
        }
        latestSeen = row.latest().toEpochMilli(); // the row is the truth: it never goes back
        written = now.toEpochMilli();
    }

    /** Whether the clock now reads earlier than the latest time seen, by more than the tolerance. */
    public Optional<Behind> behind() {
        long now = clock.millis();
        long seen = latestSeen;
        if (seen != Long.MIN_VALUE && now < seen - Duration.ofMinutes(toleranceMinutes).toMillis()) {
            return Optional.of(new Behind(Instant.ofEpochMilli(now), Instant.ofEpochMilli(seen)));
        }
        return Optional.empty();
    }
}
