package io.tally.license.application;

import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.PointAllocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Rule 5 as it happens: at a licence's end (its expire instant, plus its grace days if it has any;
 * never for a perpetual licence) its pairs move to other licences with free
 * points, or lose their points and their integrations are disabled ({@code LICENCE_EXPIRED}).
 *
 * <p>Every node looks a few times a second ({@link #tick()}, from memory); the work happens in one
 * transaction that claims the expiry under the licence row's lock and marks it handled, so with
 * several nodes on one database it happens once, and a node that was down at the instant handles it
 * at its next start. No timer that every node would run, no lease that could be lost: the row is the
 * lease, and the mark commits together with what it did.
 */
@ApplicationScoped
public class LicenceExpiry {

    private static final Logger LOG = Logger.getLogger(LicenceExpiry.class.getName());

    @Inject
    LicenceService licences;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    PointAllocator points;

    @Inject
    LicenceInstallation installation;

    @Inject
    Transactions transactions;

    @Inject
    LicensingRecord record;

    @Inject
    Clock clock;

    /** Expiries known to be handled, as licence id and expire instant (a renewal's new expiry is another). */
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final Outage outage = new Outage(LOG);

    /** Handles every licence whose expire instant has come and whose expiry nobody has handled yet. */
    public void tick() {
        Instant now = clock.instant();
        for (Licence licence : catalogue.all()) {
            if (!now.isBefore(licence.end()) && !handled.contains(key(licence))) {
                try {
                    expire(licence);
                    handled.add(key(licence));
                    outage.worked("Handling licence expiries works again.");
                } catch (RuntimeException e) {
                    outage.failed(() -> "The expiry of licence " + licence.id() + " could not be handled (" + e + ")");
                }
            }
        }
    }

    private void expire(Licence licence) {
        Contention.retry("expiry of " + licence.id(), () -> transactions.inNew(() -> {
            io.tally.license.points.FailoverLocks failover = installation.lockFailoverTargetsBefore(licence.id());
            licences.claimExpiry(licence.id(), clock.instant()).ifPresent(expired -> {
                points.licenceExpired(expired, failover);
                record.note(Fact.of(expired.graceDays() == null ? EntryType.LICENCE_EXPIRED : EntryType.GRACE_ENDED, expired.id())
                        .with("expire", expired.expire()).with("end", expired.end())
                        .with("pairsMoved", record.noted(EntryType.POINT_MOVED).stream().filter(f -> expired.id().equals(f.value("from"))).count())
                        .with("integrationsDisabled", record.noted(EntryType.INTEGRATION_DISABLED).stream()
                                .filter(f -> expired.id().equals(f.licenceId())).map(f -> (String) f.value("integration")).toList()));
                LOG.info("Licence " + expired.id() + " ended at " + expired.end() + "; its pairs moved to other licences or were disabled.");
            });
            return null;
        }));
    }

    private static String key(Licence licence) {
        return licence.id() + "@" + licence.end().toEpochMilli();
    }
}
