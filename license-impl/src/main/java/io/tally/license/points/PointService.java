package io.tally.license.points;

import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.spi.DisableReason;
import io.tally.license.spi.Integration;
import io.tally.license.spi.IntegrationSwitch;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.Licensing;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.transfers.LicenceMeter;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Rules 1 and 2 for everybody: the interceptors, the {@link Licensing} facade and the REST resource all
 * come here. A repeated start of an enabled integration is answered from memory; everything else is
 * decided in the database by {@link PointAllocator}.
 */
@ApplicationScoped
public class PointService implements Licensing {

    private static final Logger LOG = Logger.getLogger(PointService.class.getName());
    private static final Pattern INTEGRATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int ATTEMPTS = 5;

    @Inject
    PointAllocator allocator;

    @Inject
    EnabledIntegrations enabled;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    Clock clock;

    @Inject
    TransferMeters transfers;

    @Inject
    Instance<IntegrationSwitch> switches;

    @Inject
    Event<LicensingEvent> events;

    /** Integrations the transfer cap disabled, with their licence's meter: their reports get the cap's refusal. */
    private final Map<String, LicenceMeter> disabledByCap = new ConcurrentHashMap<>();

    @Override
    public void start(Integration integration) {
        start(integration.integrationId(), Pair.of(integration.systemA(), integration.systemB()));
    }

    public Grant start(String integrationId, Pair pair) {
        EnabledIntegrations.Enabled known = enabled.get(integrationId);
        if (known != null && known.pair().equals(pair) && catalogue.usable(known.licenceId(), clock.instant()) && !known.meter().cutOff()) {
            return new Grant(integrationId, known.licenceId(), false, false);
        }
        requireValidId(integrationId);
        for (int attempt = 1; ; attempt++) {
            try {
                return allocator.start(integrationId, pair);
            } catch (LicenceException | IntegrationNotFoundException e) {
                throw e;
            } catch (RuntimeException e) {
                // two nodes or threads took the same pair at once, or a lock wait ran out: decide again
                if (attempt >= ATTEMPTS || !isContention(e)) {
                    throw e;
                }
                LOG.log(Level.FINE, "start of " + integrationId + " contended, attempt " + attempt, e);
            }
        }
    }

    @Override
    public void stop(String integrationId) {
        enabled.remove(integrationId); // before the transaction: no fast-path start may slip in meanwhile
        allocator.stop(integrationId);
    }

    @Override
    public void transferred(String integrationId, long records) {
        if (records < 1) {
            throw new IllegalArgumentException("records must be at least 1, not " + records);
        }
        EnabledIntegrations.Enabled known = enabled.get(integrationId);
        if (known == null) {
            LicenceMeter capped = disabledByCap.get(integrationId);
            if (capped != null && capped.cutOff()) {
                transfers.report(capped, integrationId, records); // refused, with the cap's reason
            }
            throw new LicenceException("integration-not-enabled", "Integration " + integrationId
                    + " is not enabled; only enabled integrations report transferred records.");
        }
        transfers.report(known.meter(), integrationId, records);
    }

    /** Gives back what a start did when the platform's start method failed. */
    public void undo(Grant grant) {
        if (grant.newlyEnabled()) {
            stop(grant.integrationId());
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) PointsChanged change) {
        change.stopped().forEach(enabled::remove);
        change.disabledByTally().forEach(d -> enabled.remove(d.integrationId()));
        change.enabled().forEach(e -> {
            enabled.put(e.integrationId(), e.pair(), e.licenceId(), transfers.meter(e.licenceId()));
            disabledByCap.remove(e.integrationId());
        });
        change.disabledByTally().stream().filter(d -> d.reason() == DisableReason.TRANSFER_CAP_EXCEEDED)
                .forEach(d -> disabledByCap.put(d.integrationId(), transfers.meter(d.licenceId())));
        for (LicensingEvent.IntegrationDisabled disabled : change.disabledByTally()) {
            for (IntegrationSwitch platform : switches) {
                try {
                    platform.disable(disabled.integrationId(), disabled.reason(), disabled.detail());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The platform failed to disable integration " + disabled.integrationId(), e);
                }
            }
        }
        for (LicensingEvent event : change.events()) {
            try {
                events.fire(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An observer of " + event + " failed", e);
            }
        }
    }

    /** Fills the fast path's memory from the database, at start. */
    public void load() {
        enabled.clear();
        for (IntegrationRecord integration : allocator.enabledIntegrations()) {
            enabled.put(integration.integrationId(), integration.pair(), integration.licenceId(), transfers.meter(integration.licenceId()));
        }
    }

    static void requireValidId(String integrationId) {
        if (integrationId == null || !INTEGRATION_ID.matcher(integrationId).matches()) {
            throw new IllegalArgumentException("an integration id is 1-128 letters, digits, '.', '_', ':' or '-'");
        }
    }

    private static boolean isContention(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // 23xxx: a unique key (the pair) taken meanwhile; 40xxx: deadlock or serialisation; HYT00: lock wait timeout
                return state.startsWith("23") || state.startsWith("40") || state.equals("HYT00") || state.equals("55P03");
            }
            if (cause instanceof jakarta.persistence.PessimisticLockException || cause instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
            if (cause instanceof PersistenceException && cause.getCause() == null) {
                return false;
            }
        }
        return false;
    }
}
