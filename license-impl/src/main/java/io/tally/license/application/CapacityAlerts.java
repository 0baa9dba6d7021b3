package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.spi.LicensingEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts before a licence runs out: when its points in use, or this month's transferred records,
 * reach a share of what it allows ({@code tally.alerts.points-percent}, {@code tally.alerts.records-percent},
 * 80 % by default). An alert fires once when the share is reached and again only after it fell below;
 * the page shows the same as a banner.
 */
@ApplicationScoped
public class CapacityAlerts {

    private static final Logger LOG = Logger.getLogger(CapacityAlerts.class.getName());
    static final long EVERY_MS = 2_000;

    @Inject
    @ConfigProperty(name = "tally.alerts.points-percent", defaultValue = "80")
    int pointsPercent;

    @Inject
    @ConfigProperty(name = "tally.alerts.records-percent", defaultValue = "80")
    int recordsPercent;

    @Inject
    Overview overview;

    @Inject
    Event<LicensingEvent> events;

    private final Set<String> raised = ConcurrentHashMap.newKeySet();
    private volatile long next;

    @PostConstruct
    void init() {
        for (int percent : new int[] {pointsPercent, recordsPercent}) {
            if (percent < 1 || percent > 100) {
                throw new IllegalStateException("tally.alerts.points-percent and tally.alerts.records-percent must be from 1 to 100, not " + percent);
            }
        }
    }

    /** Looks every two seconds (the points in use come from the database), by the monotonic clock: a wall clock set back must not stop it. */
    public void tick() {
        long now = System.nanoTime();
        if (now - next < 0) {
            return;
        }
        next = now + EVERY_MS * 1_000_000;
        for (Overview.LicenceOverview row : overview.licences()) {
            Licence licence = row.installed().licence();
            if (licence == null) {
                continue;
            }
            check(licence.id(), "points", licence.id() + "#points", row.pointsUsed(), licence.points(), pointsPercent);
            if (licence.transferredRecordsPerMonth() != null) {
                check(licence.id(), "records", licence.id() + "#records#" + row.month().month(), row.month().records(),
                        licence.transferredRecordsPerMonth(), recordsPercent);
            }
        }
    }

    private void check(String licenceId, String what, String key, long used, long total, int percent) {
        if (reached(used, total, percent)) {
            if (raised.add(key)) {
                LOG.info("Licence " + licenceId + " uses " + used + " of " + total + " " + what + " (alert at " + percent + " %).");
                events.fire(new LicensingEvent.CapacityAlert(licenceId, what, used, total, percent));
            }
        } else {
            raised.remove(key);
        }
    }

    public static boolean reached(long used, long total, int percent) {
        return total > 0 && used * 100 >= (long) percent * total;
    }

    public int pointsPercent() {
        return pointsPercent;
    }

    public int recordsPercent() {
        return recordsPercent;
    }
}
