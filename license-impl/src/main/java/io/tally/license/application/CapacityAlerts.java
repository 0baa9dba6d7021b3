package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.spi.LicensingEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts before a licence runs out: when its points in use, or this month's transferred records,
 * reach a share of what it allows ({@code tally.alerts.points-percent}, {@code tally.alerts.records-percent},
 * 80 % by default). An alert fires once when the share is reached and again only after it fell below,
 * once across nodes and restarts: the node whose claim row ({@code capacity_alert}) commits fires it and
 * records it; the page shows the same as a banner.
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

    @Inject
    Transactions transactions;

    @Inject
    LicensingRecord record;

    @Inject
    Clock clock;

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    /** The alerts this node knows to be raised (by it or another node): no database call while they stay raised. */
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
            check(new Share(licence.id(), "points", licence.id() + "#points", row.pointsUsed(), licence.points(), pointsPercent));
            if (licence.transferredRecordsPerMonth() != null) {
                String month = row.month().month().toString();
                check(new Share(licence.id(), "records", licence.id() + "#records#" + month, row.month().records(),
                        licence.transferredRecordsPerMonth(), recordsPercent));
            }
        }
    }

    /** What a licence uses of one thing it allows, and the alert's key in the claims. */
    private record Share(String licenceId, String what, String key, long used, long total, int percent) {
    }

    private void check(Share share) {
        if (reached(share.used(), share.total(), share.percent())) {
            if (!raised.contains(share.key())) {
                Boolean mine = stored(() -> claim(share), share);
                if (mine != null) {
                    raised.add(share.key());
                }
                if (Boolean.TRUE.equals(mine)) { // after the commit: the alert is the one stored
                    LOG.info("Licence " + share.licenceId() + " uses " + share.used() + " of " + share.total() + " " + share.what()
                            + " (alert at " + share.percent() + " %).");
                    events.fire(new LicensingEvent.CapacityAlert(share.licenceId(), share.what(), share.used(), share.total(), share.percent()));
                }
            }
        } else if (raised.contains(share.key()) && stored(() -> clear(share), share) != null) {
            raised.remove(share.key());
        }
    }

    /** Runs a claim or a clearing in a transaction of its own: null when it did not commit (the next tick tries again). */
    private Boolean stored(java.util.function.Supplier<Boolean> work, Share share) {
        try {
            return transactions.inNew(work);
        } catch (RuntimeException notStored) {
            // another node claimed it at the same moment, or the database is away: the next tick looks again
            LOG.log(Level.FINE, "The capacity alert " + share.key() + " was not stored now", notStored);
            return null;
        }
    }

    /** Raises the alert unless a node raised it before: true when this transaction's row raises it (and records it). */
    private boolean claim(Share share) {
        int inserted = em.createNativeQuery("INSERT INTO capacity_alert (alert_key, licence_id, raised_at) SELECT ?1, ?2, ?3"
                        + " WHERE NOT EXISTS (SELECT 1 FROM capacity_alert WHERE alert_key = ?1)")
                .setParameter(1, share.key()).setParameter(2, share.licenceId()).setParameter(3, clock.millis()).executeUpdate();
        if (inserted == 1) {
            record.note(Fact.of(EntryType.CAPACITY_ALERT, share.licenceId()).with("of", share.what())
                    .with("used", share.used()).with("total", share.total()).with("percent", (long) share.percent()));
        }
        return inserted == 1;
    }

    private boolean clear(Share share) {
        em.createNativeQuery("DELETE FROM capacity_alert WHERE alert_key = ?1").setParameter(1, share.key()).executeUpdate();
        return true;
    }

    /** A removed licence's alerts go with it: uploaded again, it is alerted anew. In the removal's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String licenceId) {
        em.createNativeQuery("DELETE FROM capacity_alert WHERE licence_id = ?1").setParameter(1, licenceId).executeUpdate();
        raised.removeIf(key -> key.startsWith(licenceId + "#"));
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
