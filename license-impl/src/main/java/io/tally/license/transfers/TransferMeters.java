package io.tally.license.transfers;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.licences.service.LicencesChanged;
import io.tally.license.points.PointAllocator;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.LicensingEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The monthly transferred-records count of every licence (rules 3 and 4). Reports are counted in
 * memory ({@link LicenceMeter}); {@link #tick()} (every {@code tally.transfers.flush-interval-ms})
 * adds what was counted to the database and starts a new month at 00:00 on its first day in
 * {@code tally.transfers.zone}. Reaching the cap and passing the limit are written at once.
 */
@ApplicationScoped
public class TransferMeters {

    private static final Logger LOG = Logger.getLogger(TransferMeters.class.getName());

    @Inject
    @ConfigProperty(name = "tally.transfers.buffer-percent", defaultValue = "10")
    int bufferPercent;

    @Inject
    @ConfigProperty(name = "tally.transfers.zone")
    Optional<String> zoneName;

    @Inject
    TransferStore store;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    PointAllocator points;

    @Inject
    Clock clock;

    @Inject
    Event<LicensingEvent> events;

    private final Map<String, LicenceMeter> meters = new ConcurrentHashMap<>();
    private MonthClock months;

    @PostConstruct
    void init() {
        if (bufferPercent < 0 || bufferPercent > 1000) {
            throw new IllegalStateException("tally.transfers.buffer-percent must be between 0 and 1000, not " + bufferPercent);
        }
        months = new MonthClock(clock, zoneName.map(ZoneId::of).orElseGet(ZoneId::systemDefault));
    }

    public YearMonth currentMonth() {
        return months.now();
    }

    /** The licence's meter for this month, loaded from the database on first use. */
    public LicenceMeter meter(String licenceId) {
        return meters.computeIfAbsent(licenceId, this::load);
    }

    private LicenceMeter load(String licenceId) {
        YearMonth month = currentMonth();
        Long cap = catalogue.licence(licenceId).map(Licence::transferredRecordsPerMonth).orElse(null);
        return store.load(licenceId, month)
                .map(m -> new LicenceMeter(licenceId, cap, bufferPercent, month, m.records(), m.warned(), m.cutOff()))
                .orElseGet(() -> new LicenceMeter(licenceId, cap, bufferPercent, month, 0, false, false));
    }

    public boolean isCutOff(String licenceId) {
        LicenceMeter meter = meters.get(licenceId);
        return meter != null && meter.cutOff();
    }

    /** Counts a report on the meter of the licence giving the integration's pair its point. */
    public void report(LicenceMeter meter, String integrationId, long records) {
        switch (meter.add(records)) {
            case COUNTED -> {
            }
            case REFUSED -> throw new LicenceException("transfer-cap-exceeded", "Licence " + meter.licenceId() + " passed its "
                    + meter.month() + " cap of " + meter.cap() + " transferred records plus buffer (" + meter.limit()
                    + "); the " + records + " records of integration " + integrationId + " are not counted.");
            case REACHED_CAP -> reachedCap(meter);
            case CUT_OFF -> cutOff(meter);
            case REACHED_CAP_AND_CUT_OFF -> {
                reachedCap(meter);
                cutOff(meter);
            }
        }
    }

    private synchronized void reachedCap(LicenceMeter meter) {
        flush(meter, meter.month());
        events.fire(new LicensingEvent.TransferCapReached(meter.licenceId(), meter.month(), meter.records(), meter.cap()));
        LOG.warning("Licence " + meter.licenceId() + " reached its cap of " + meter.cap() + " transferred records for " + meter.month() + ".");
    }

    private synchronized void cutOff(LicenceMeter meter) {
        flush(meter, meter.month());
        LOG.warning("Licence " + meter.licenceId() + " passed its cap plus buffer (" + meter.limit() + ") for " + meter.month()
                + ": disabling its integrations.");
        events.fire(new LicensingEvent.TransferCapExceeded(meter.licenceId(), meter.month(), meter.records(), meter.limit()));
        points.licenceCutOff(meter.licenceId(), "Licence " + meter.licenceId() + " passed its cap of " + meter.cap()
                + " transferred records plus buffer (" + meter.limit() + ") for " + meter.month() + ".");
    }

    /** Adds what every meter counted since the last tick to the database; starts a new month when one began. */
    public synchronized void tick() {
        for (LicenceMeter meter : meters.values()) {
            try {
                flush(meter, meter.month());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not store the transferred records of licence " + meter.licenceId(), e);
            }
        }
        for (LicenceMeter.ClosedMonth closed : months.roll(meters.values())) {
            store.add(closed.licenceId(), closed.month(), closed.unflushed(), null, false, false);
            events.fire(new LicensingEvent.TransferMonthStarted(closed.licenceId(), months.now(), closed.records(),
                    closed.cutOff() ? points.disabledByCap(closed.licenceId()) : java.util.List.of()));
        }
    }

    private void flush(LicenceMeter meter, YearMonth month) {
        long delta = meter.unflushed();
        if (delta != 0 || meter.warned() || meter.cutOff()) {
            store.add(meter.licenceId(), month, delta, capOrNull(meter), meter.warned(), meter.cutOff());
        }
    }

    private static Long capOrNull(LicenceMeter meter) {
        return meter.cap() == Long.MAX_VALUE ? null : meter.cap();
    }

    /** A renewal may change the cap: the month's count stays with the licence id. */
    void licencesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) LicencesChanged change) {
        LicenceMeter meter = meters.get(change.licenceId());
        if (meter != null) {
            catalogue.licence(change.licenceId()).ifPresent(l -> meter.capAt(l.transferredRecordsPerMonth(), bufferPercent));
        }
    }

    public Collection<LicenceMeter> meters() {
        return meters.values();
    }

    /** This month (live, from memory) and every earlier month (stored), oldest first. */
    public java.util.List<MonthlyTransfers> history(String licenceId) {
        LicenceMeter current = meter(licenceId);
        java.util.List<MonthlyTransfers> months = new java.util.ArrayList<>(store.history(licenceId).stream()
                .filter(m -> m.month().isBefore(current.month()))
                .map(m -> MonthlyTransfers.of(m, bufferPercent))
                .toList());
        months.add(MonthlyTransfers.of(current));
        return months;
    }
}
