package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicencesChanged;
import io.tally.license.transfers.MonthlyTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What operators alert on, as MicroProfile Metrics (Prometheus text at {@code /metrics}): per licence
 * the points used and total, this month's records and cap, the cut-off, the days to expiry; for the
 * installation the starts, reports and refusals by code (counters to take a rate of) and the age of
 * the last complete flush. Per-licence values come from one snapshot, read at most once a second,
 * so a scrape never costs a query per metric.
 */
@ApplicationScoped
public class TallyMetrics {

    static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    @Inject
    MetricRegistry registry;

    @Inject
    Overview overview;

    @Inject
    IntegrationLicensing licensing;

    @Inject
    Metering metering;

    @Inject
    StartBatches batches;

    @Inject
    Clock clock;

    private final Set<String> registeredLicences = new HashSet<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

    /** One licence as the gauges read it. */
    record LicenceFigures(long pointsUsed, long points, long records, long cap, boolean cutOff, double expiryDays) {
    }

    private record Snapshot(Map<String, LicenceFigures> licences, long takenAtNanos) {
    }

    @Inject
    OtherNodes otherNodes;

    /** At start: the installation's gauges, and one set per installed licence. */
    public void register() {
        gauge("tally.starts", "Starts decided in the database (new integrations and pairs, refusals), since the server started", l -> licensing.startsCounted());
        gauge("tally.starts.transactions", "Transactions that committed starts decided in the database; starts waiting together share one",
                l -> batches.transactionsCommitted());
        gauge("tally.reports", "Transfer reports counted, since the server started", l -> licensing.reportsCounted());
        gauge("tally.flush.lag", "Seconds since counted records were last all stored", l -> metering.secondsSinceCompleteFlush());
        gauge("tally.cluster.unread", "Seconds since this node last read the database's change log (what other nodes took back)",
                l -> otherNodes.unreadForMillis() / 1000.0);
        refreshLicences();
    }

    private void gauge(String name, String description, ToDoubleFunction<Object> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), this, self -> value.applyAsDouble(self));
    }

    /** Counts a refusal by its code (rare enough to look the counter up each time). */
    public void refused(String code) {
        registry.counter(Metadata.builder().withName("tally.refusals").withDescription("Starts and reports refused, by code").build(),
                new Tag("code", code)).inc();
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) LicencesChanged change) {
        try {
            refreshLicences();
        } catch (RuntimeException e) {
            // metrics follow at the next change or restart; a licence change never fails for them
        }
    }

    /** Registers the gauges of licences installed now and removes those of licences gone. */
    synchronized void refreshLicences() {
        Set<String> installed = overview.installed().stream().map(l -> l.id()).collect(Collectors.toSet());
        for (String id : installed) {
            if (registeredLicences.add(id)) {
                Tag licence = new Tag("licence", id);
                licenceGauge("tally.licence.points.used", "Points of the licence in use", licence, f -> f.pointsUsed());
                licenceGauge("tally.licence.points", "Points the licence gives", licence, f -> f.points());
                licenceGauge("tally.licence.records", "Transferred records this month", licence, f -> f.records());
                licenceGauge("tally.licence.records.cap", "The licence's monthly cap of transferred records (-1: none)", licence, f -> f.cap());
                licenceGauge("tally.licence.cut.off", "1 while the licence is cut off this month", licence, f -> f.cutOff() ? 1 : 0);
                licenceGauge("tally.licence.expiry.days", "Days until the licence expires (negative once expired)", licence, f -> f.expiryDays());
            }
        }
        for (String gone : Set.copyOf(registeredLicences)) {
            if (!installed.contains(gone)) {
                registeredLicences.remove(gone);
                for (String name : Set.of("tally.licence.points.used", "tally.licence.points", "tally.licence.records", "tally.licence.records.cap",
                        "tally.licence.cut.off", "tally.licence.expiry.days")) {
                    registry.remove(new MetricID(name, new Tag("licence", gone)));
                }
            }
        }
    }

    private void licenceGauge(String name, String description, Tag licence, ToDoubleFunction<LicenceFigures> value) {
        String id = licence.getTagValue();
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), this,
                self -> {
                    LicenceFigures figures = self.figures().get(id);
                    return figures == null ? Double.NaN : value.applyAsDouble(figures);
                }, licence);
    }

    private Map<String, LicenceFigures> figures() {
        Snapshot known = snapshot;
        if (System.nanoTime() - known.takenAtNanos() < SNAPSHOT_AGE.toNanos() && known.takenAtNanos() != 0) {
            return known.licences();
        }
        Map<String, LicenceFigures> read = overview.licences().stream().filter(l -> l.installed().licence() != null)
                .collect(Collectors.toMap(l -> l.installed().id(), l -> {
                    Licence licence = l.installed().licence();
                    MonthlyTransfers month = l.month();
                    return new LicenceFigures(l.pointsUsed(), licence.points(), month.records(), month.cap() == null ? -1 : month.cap(),
                            month.state() == MonthlyTransfers.CapState.CUT_OFF,
                            Duration.between(clock.instant(), licence.expire()).toMinutes() / 1440.0);
                }));
        snapshot = new Snapshot(read, System.nanoTime());
        return read;
    }
}
