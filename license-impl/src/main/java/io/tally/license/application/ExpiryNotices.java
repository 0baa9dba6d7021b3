package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceKind;
import io.tally.license.licences.service.ExpiryWarnings;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.spi.LicensingEvent;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires {@link LicensingEvent.ExpiryApproaching} as a licence's days left pass each threshold of
 * {@code tally.expiry.warning-days}: once per threshold, across restarts and nodes (the firing is
 * stored first, {@link ExpiryWarnings#claim}), and only the nearest threshold for a licence found
 * already inside the window. The page's banner shows the same from the same thresholds.
 */
@ApplicationScoped
public class ExpiryNotices {

    private static final Logger LOG = Logger.getLogger(ExpiryNotices.class.getName());

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    ExpiryWarnings warnings;

    @Inject
    Event<LicensingEvent> events;

    @Inject
    Clock clock;

    @Inject
    Transactions transactions;

    @Inject
    LicensingRecord record;

    private final Set<String> done = ConcurrentHashMap.newKeySet();

    /** The claim of a licence's start of validity, made at upload when it is valid already (no entry then). */
    static final int VALIDITY_STARTED = -2;
    /** The claim of a licence's grace begun. */
    static final int GRACE_BEGUN = -1;

    public void tick() {
        Instant now = clock.instant();
        for (Licence licence : catalogue.all()) {
            Licence.Phase phase = catalogue.phase(licence, now);
            if (phase.givesPoints()) {
                once(licence, licence.start(), VALIDITY_STARTED, () -> Fact.of(EntryType.VALIDITY_STARTED, licence.id())
                        .with("start", licence.start()).with("expire", licence.expire()));
            }
            if (phase == Licence.Phase.GRACE) {
                once(licence, licence.expire(), GRACE_BEGUN, () -> Fact.of(EntryType.GRACE_BEGUN, licence.id())
                        .with("expire", licence.expire()).with("graceDays", (long) licence.graceDays()).with("end", licence.end()));
            }
            if (licence.kind() == LicenceKind.PERPETUAL || !phase.givesPoints()) {
                continue;
            }
            long daysLeft = Duration.between(now, licence.expire()).toDays();
            OptionalInt step = warnings.stepReached(daysLeft);
            if (step.isPresent() && once(licence, licence.expire(), step.getAsInt(), () -> Fact.of(EntryType.EXPIRY_WARNING, licence.id())
                    .with("daysLeft", daysLeft).with("threshold", (long) step.getAsInt()).with("expire", licence.expire()))) {
                LOG.info("Licence " + licence.id() + " expires in " + daysLeft + " days (" + licence.expire() + ").");
                events.fire(new LicensingEvent.ExpiryApproaching(licence.id(), daysLeft, licence.expire()));
            }
        }
    }

    /**
     * Claims a moment of a licence once across nodes and restarts, recording its fact in the same
     * transaction: true for the one caller that stored it first.
     */
    private boolean once(Licence licence, Instant when, int step, Supplier<Fact> fact) {
        String key = licence.id() + "@" + when + "#" + step;
        if (done.contains(key)) {
            return false;
        }
        boolean mine;
        try {
            mine = transactions.inNew(() -> {
                boolean claimed = warnings.claim(licence.id(), when, step);
                if (claimed) {
                    record.note(fact.get());
                }
                return claimed;
            });
        } catch (RuntimeException notStored) {
            // another node stored it at the same moment (and records it), or the database is away: the next tick looks again
            LOG.log(Level.FINE, "Licence " + licence.id() + "'s moment " + step + " not stored now", notStored);
            return false;
        }
        done.add(key);
        return mine;
    }
}
