package io.tally.license.application;

import io.tally.license.records.EntryType;
import io.tally.license.records.LicensingRecord;
import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.PointAllocator;
import io.tally.license.time.ClockGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * A renewal uploaded before its start waits as pending; at its start it takes over in one
 * transaction: the file replaces the installed one and the allocations follow the renewal rules
 * (rule 7), together or not at all. Under the row's lock, so it happens once whichever node looks.
 */
@ApplicationScoped
public class PendingRenewals {

    private static final Logger LOG = Logger.getLogger(PendingRenewals.class.getName());

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    LicenceService licences;

    @Inject
    PointAllocator points;

    @Inject
    LicenceInstallation installation;

    @Inject
    Transactions transactions;

    @Inject
    LicensingRecord record;

    @Inject
    ClockGuard clockGuard;

    @Inject
    Clock clock;

    public void tick() {
        Instant now = clock.instant();
        for (Licence pending : catalogue.pending()) {
            if (!now.isBefore(pending.start())) {
                try {
                    takeOver(pending);
                    outage.worked("Pending renewals take over again.");
                } catch (RuntimeException e) {
                    outage.failed(() -> "The renewal of licence " + pending.id() + " could not take over at its start (" + e + ")");
                }
            }
        }
    }

    private final Outage outage = new Outage(LOG);

    private void takeOver(Licence pending) {
        Contention.retry("renewal of " + pending.id() + " at its start", () -> transactions.inNew(() -> {
            io.tally.license.points.FailoverLocks failover = installation.lockFailoverTargetsBefore(pending.id());
            Licence before = catalogue.licence(pending.id()).orElse(null);
            licences.takeOverPending(pending.id(), clock.instant()).ifPresent(renewed -> {
                points.licenceRenewed(renewed, failover);
                record.note(RecordedFacts.renewal(EntryType.RENEWAL_TOOK_OVER, before, renewed));
                clockGuard.record();
                LOG.info("The renewal of licence " + renewed.id() + " took over at its start, " + renewed.start() + ".");
            });
            return null;
        }));
    }
}
