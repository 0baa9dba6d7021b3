package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceKind;
import io.tally.license.licences.service.ExpiryWarnings;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.spi.LicensingEvent;
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

    private final Set<String> done = ConcurrentHashMap.newKeySet();

    public void tick() {
        Instant now = clock.instant();
        for (Licence licence : catalogue.all()) {
            if (licence.kind() == LicenceKind.PERPETUAL || !catalogue.phase(licence, now).givesPoints()) {
                continue;
            }
            long daysLeft = Duration.between(now, licence.expire()).toDays();
            OptionalInt step = warnings.stepReached(daysLeft);
            if (step.isEmpty()) {
                continue;
            }
            String key = licence.id() + "@" + licence.expire() + "#" + step.getAsInt();
            if (done.contains(key)) {
                continue;
            }
            boolean mine;
            try {
                mine = warnings.claim(licence.id(), licence.expire(), step.getAsInt());
            } catch (RuntimeException notStored) {
                // another node stored it at the same moment (and fires it), or the database is away: the next tick looks again
                LOG.log(Level.FINE, "Expiry warning for " + licence.id() + " not stored now", notStored);
                continue;
            }
            done.add(key);
            if (mine) {
                LOG.info("Licence " + licence.id() + " expires in " + daysLeft + " days (" + licence.expire() + ").");
                events.fire(new LicensingEvent.ExpiryApproaching(licence.id(), daysLeft, licence.expire()));
            }
        }
    }
}
