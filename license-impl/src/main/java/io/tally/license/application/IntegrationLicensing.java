package io.tally.license.application;

import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.points.Connectors;
import io.tally.license.points.Grant;
import io.tally.license.points.IntegrationIds;
import io.tally.license.points.Pair;
import io.tally.license.points.PointAllocator;
import io.tally.license.points.PointsChanged;
import io.tally.license.records.Actor;
import io.tally.license.spi.DisableReason;
import io.tally.license.spi.Integration;
import io.tally.license.spi.IntegrationSwitch;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.Licensing;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.spi.RefusalCode;
import io.tally.license.transfers.LicenceMeter;
import io.tally.license.transfers.MonthlyTransfers;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.tally.license.time.ClockGuard;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.time.Instant;
import io.tally.license.licences.Licence;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Licensing an integration (rules 1 to 3) for every entry point: the interceptors, the {@link Licensing}
 * facade and the REST resource. A repeated start of an enabled integration is answered from memory;
 * everything else is decided in the database by {@link PointAllocator}. What follows a committed
 * decision (memory, the platform's switch, the events) happens here, after the commit.
 */
@ApplicationScoped
public class IntegrationLicensing implements Licensing {

    private static final Logger LOG = Logger.getLogger(IntegrationLicensing.class.getName());

    @Inject
    PointAllocator allocator;

    @Inject
    EnabledIntegrations enabled;

    @Inject
    StartBatches batches;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    Clock clock;

    @Inject
    TransferMeters meters;

    @Inject
    Metering metering;

    @Inject
    Connectors connectors;

    @Inject
    ClockGuard clockGuard;

    @Inject
    Transactions transactions;

    @Inject
    TallyMetrics metrics;

    @Inject
    OtherNodes otherNodes;

    private final java.util.concurrent.atomic.LongAdder starts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder reports = new java.util.concurrent.atomic.LongAdder();

    @Inject
    Instance<IntegrationSwitch> switches;

    @Inject
    Event<LicensingEvent> events;

    /** An in-process start: its system types must be declared by a deployed connector. */
    @Override
    public void start(Integration integration) {
        startInProcess(integration);
    }

    Grant startInProcess(Integration integration) {
        connectors.requireDeclared(integration.systemA(), integration.systemB());
        return start(integration.integrationId(), Pair.of(integration.systemA(), integration.systemB()));
    }

    /** Who a call from the platform's own code is in the record: the caller of a request, else the platform. */
    private static Actor inProcess() {
        return Actor.known() ? Actor.current() : IN_PROCESS;
    }

    private static final Actor IN_PROCESS = new Actor("platform", "in-process");

    /** A start on a pair; the fast path answers only what the last committed change of the integration allows. */
    public Grant start(String integrationId, Pair pair) {
        EnabledIntegrations.Entry known = enabled.get(integrationId);
        if (known != null && known.enabled() && known.pair().equals(pair) && catalogue.usable(known.licenceId(), clock.instant())
                && !known.meter().cutOff() && otherNodes.fresh()) {
            return new Grant(integrationId, known.licenceId(), false, false);
        }
        starts.increment(); // the repeated starts answered above are not counted: that path stays its lookups
        long seen = otherNodes.applied();
        try {
            // named in the record as the request's caller, else as the platform (only here: the repeated start stays lean)
            return inProcess().run(() -> startInDatabase(integrationId, pair));
        } catch (LicenceException refused) {
            if (wantsALicence(refused) && otherNodes.catchUp(seen)) {
                // another node installed or renewed a licence this node has not read yet: decide again with it
                try {
                    return inProcess().run(() -> startInDatabase(integrationId, pair));
                } catch (LicenceException refusedAgain) {
                    metrics.refused(refusedAgain.code());
                    throw refusedAgain;
                }
            }
            metrics.refused(refused.code());
            throw refused;
        }
    }

    /** A refusal that a licence this node does not know yet could turn into a grant. */
    private static boolean wantsALicence(LicenceException refused) {
        return refused.code().equals(RefusalCode.NO_LICENCE.code()) || refused.code().equals(RefusalCode.NO_FREE_POINT.code())
                || refused.code().equals(RefusalCode.LICENCE_NOT_VALID.code()) || refused.code().equals(RefusalCode.NOT_VALID_FOR_THIS_BUILD.code());
    }

    private Grant startInDatabase(String integrationId, Pair pair) {
        IntegrationIds.require(integrationId);
        refuseWhileTheDatabaseIsAway("Integration " + integrationId + " cannot start now");
        Optional<ClockGuard.Behind> behind = clockGuard.behind();
        if (behind.isPresent()) {
            throw new LicenceException(RefusalCode.CLOCK_BEHIND, "Integration " + integrationId + " cannot start now. " + behind.get().describe());
        }
        return unlessTheDatabaseIsAway("Integration " + integrationId + " cannot start now",
                () -> batches.start(integrationId, pair));
    }

    /**
     * Refused at once, without waiting for the connection pool, while this node has not read the database
     * for longer than {@code tally.cluster.stale-after-ms}.
     */
    private void refuseWhileTheDatabaseIsAway(String what) {
        if (!otherNodes.fresh()) {
            throw new LicenceException(RefusalCode.DATABASE_UNAVAILABLE, what + ": this node has not reached the database for "
                    + otherNodes.unreadForMillis() + " ms; try again shortly. Enabled integrations keep running and their transferred records "
                    + "are counted meanwhile.");
        }
    }

    /** A decision the database cannot take now is refused with {@code database-unavailable}, never a bare failure. */
    private static <T> T unlessTheDatabaseIsAway(String what, java.util.function.Supplier<T> decision) {
        try {
            return decision.get();
        } catch (LicenceException | io.tally.license.points.IntegrationNotFoundException known) {
            throw known;
        } catch (RuntimeException e) {
            if (DatabaseAway.causes(e)) {
                LOG.log(Level.FINE, what + ": the database does not answer", e);
                throw new LicenceException(RefusalCode.DATABASE_UNAVAILABLE, what + ": the database does not answer; try again shortly. "
                        + "Enabled integrations keep running and their transferred records are counted meanwhile.");
            }
            throw e;
        }
    }

    @Override
    public void stop(String integrationId) {
        refuseWhileTheDatabaseIsAway("Integration " + integrationId + " cannot stop now");
        EnabledIntegrations.Stopping stopping = enabled.stopping(integrationId);
        boolean committed = false;
        try {
            inProcess().run(() -> unlessTheDatabaseIsAway("Integration " + integrationId + " cannot stop now",
                    () -> Contention.retry("stop of " + integrationId, () -> transactions.inNew(() -> allocator.stop(integrationId)))));
            committed = true;
        } finally {
            if (!committed) {
                enabled.stopNotCommitted(stopping); // memory follows committed outcomes only
            }
        }
    }

    @Override
    public Set<String> capabilities() {
        Instant now = clock.instant();
        Set<String> granted = new TreeSet<>();
        for (Licence licence : catalogue.all()) {
            if (catalogue.phase(licence, now).keepsPoints()) {
                granted.addAll(licence.capabilities());
            }
        }
        return Collections.unmodifiableSet(granted);
    }

    @Override
    public void transferred(String integrationId, long records) {
        count(integrationId, records);
    }

    /** Counts a report and answers the licence's month as it stands after it, from memory (for REST). */
    public MonthlyTransfers report(String integrationId, long records) {
        return MonthlyTransfers.of(count(integrationId, records));
    }

    /** Counts a report on the meter of the integration's licence; builds nothing, for reports of single records. */
    private LicenceMeter count(String integrationId, long records) {
        if (records < 1 || records > MAX_RECORDS_PER_REPORT) {
            throw new IllegalArgumentException("records must be from 1 to " + MAX_RECORDS_PER_REPORT + ", not " + records);
        }
        reports.increment();
        try {
            return countEnabled(integrationId, records);
        } catch (LicenceException refused) {
            metrics.refused(refused.code());
            throw refused;
        }
    }

    private LicenceMeter countEnabled(String integrationId, long records) {
        EnabledIntegrations.Entry known = enabled.get(integrationId);
        if (known == null || !known.enabled()) {
            if (known != null && known.reason() == DisableReason.TRANSFER_CAP_EXCEEDED && known.meter() != null && known.meter().cutOff()) {
                meters.count(known.meter(), integrationId, records); // refused, with the cap's reason
            }
            throw new LicenceException(RefusalCode.INTEGRATION_NOT_ENABLED, "Integration " + integrationId
                    + " is not enabled; only enabled integrations report transferred records.");
        }
        if (meters.count(known.meter(), integrationId, records) != LicenceMeter.Outcome.COUNTED) {
            metering.transition(); // stored and acted on by Tally's own thread, never this one
        }
        return known.meter();
    }

    /** Starts decided in the database since the server started (not the repeated starts memory answers): for the metrics. */
    public long startsCounted() {
        return starts.sum();
    }

    /** Transfer reports asked for since the server started: for the metrics. */
    public long reportsCounted() {
        return reports.sum();
    }

    /** Gives back what a start did when the platform's start method failed. */
    void undo(Grant grant) {
        if (grant.newlyEnabled()) {
            stop(grant.integrationId());
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) PointsChanged change) {
        for (PointsChanged.Change integration : change.changes()) {
            enabled.apply(integration, integration.licenceId() == null ? null : meters.meter(integration.licenceId()));
        }
        for (LicensingEvent.IntegrationDisabled disabled : change.disabledByTally()) {
            tellThePlatform(disabled.integrationId(), disabled.reason(), disabled.detail());
        }
        for (LicensingEvent event : change.events()) {
            try {
                events.fire(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An observer of " + event + " failed", e);
            }
        }
    }

    /** Calls the platform's switch for an integration Tally disabled (on this node, or on another that this node learnt of). */
    void tellThePlatform(String integrationId, DisableReason reason, String detail) {
        for (IntegrationSwitch platform : switches) {
            try {
                platform.disable(integrationId, reason, detail);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The platform failed to disable integration " + integrationId, e);
            }
        }
    }

    /** Fills the fast path's memory from the database, at start. */
    public void load() {
        batches.check();
        enabled.clear();
        for (PointsChanged.Change integration : allocator.enabledNow()) {
            enabled.apply(integration, meters.meter(integration.licenceId()));
        }
    }
}
