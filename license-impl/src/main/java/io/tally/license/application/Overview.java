package io.tally.license.application;

import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.points.IntegrationRecord;
import io.tally.license.points.PointAllocator;
import io.tally.license.spi.SystemInstance;
import io.tally.license.transfers.MonthlyTransfers;
import io.tally.license.time.ClockGuard;
import io.tally.license.host.HostIdentity;
import io.tally.license.host.InstallationId;
import io.tally.license.licences.RequestFile;
import io.tally.license.licences.service.ProductBuild;
import java.time.Clock;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** What the administrator and the platform read: licences, integrations and months, never the stored entities. */
@ApplicationScoped
public class Overview {

    /** An installed licence with its points used and this month's transfers. */
    public record LicenceOverview(InstalledLicence installed, long pointsUsed, MonthlyTransfers month) {
    }

    /** An integration: its pair, whether it is enabled, the licence giving its point, why it is disabled. */
    public record IntegrationView(String id, boolean enabled, SystemInstance first, SystemInstance second, String licenceId,
                                  String disabledReason, String disabledDetail, Instant updatedAt) {
    }

    /** A pair holding a point of a licence, and the integrations enabled on it. */
    public record PairView(SystemInstance first, SystemInstance second, List<String> integrationIds) {
    }

    @Inject
    LicenceService licences;

    @Inject
    PointAllocator points;

    @Inject
    EnabledIntegrations enabled;

    @Inject
    io.tally.license.licences.service.LicenceCatalogue catalogue;

    @Inject
    TransferMeters meters;

    @Inject
    ClockGuard clockGuard;

    @Inject
    InstallationId installation;

    @Inject
    HostIdentity host;

    @Inject
    ProductBuild build;

    @Inject
    Clock clock;

    /** The licence request to send the vendor: this installation, its addresses, its build, and what it uses now. */
    public RequestFile licenceRequest() {
        List<String> lines = licences().stream().filter(l -> l.installed().licence() != null)
                .map(l -> RequestFile.licenceLine(l.installed().id(), l.pointsUsed(), l.installed().licence().points(), l.month().records()))
                .toList();
        return new RequestFile(installation.get(), installation.publicKey(), List.copyOf(host.addresses().all()), build.date(), clock.instant(), lines);
    }

    /** Whether the clock reads earlier than the latest time Tally has seen: new starts wait. */
    public Optional<ClockGuard.Behind> clockBehind() {
        return clockGuard.behind();
    }

    /** Every licence's overview as read at most a second ago, and read again at once after a licence change on this node. */
    private record Snapshot(long catalogueVersion, long takenAt, List<LicenceOverview> licences) {
    }

    private volatile Snapshot snapshot;

    /**
     * Every installed licence with its points and month, at most a second old (and never older than this
     * node's last licence change): what the page's warnings are worked out from on every visit, without
     * reading a thousand licences each time.
     */
    public List<LicenceOverview> recentLicences() {
        Snapshot known = snapshot;
        long version = catalogue.version();
        long now = System.nanoTime();
        if (known == null || known.catalogueVersion() != version || now - known.takenAt() > 1_000_000_000L) {
            known = new Snapshot(version, now, licences());
            snapshot = known;
        }
        return known.licences();
    }

    public List<LicenceOverview> licences() {
        Map<String, Long> used = points.pointsUsed();
        return licences.list().stream().map(l -> overview(l, used)).toList();
    }

    /** At most {@code limit} licences in id order after {@code after} (null: from the first): a page's table. */
    public List<LicenceOverview> licences(String after, int limit) {
        List<InstalledLicence> page = licences.page(after, limit);
        Map<String, Long> used = points.pointsUsed(page.stream().map(InstalledLicence::id).toList());
        return page.stream().map(l -> overview(l, used)).toList();
    }

    /** How many licences are installed. */
    public long licenceCount() {
        return licences.count();
    }

    /** @throws io.tally.license.licences.service.LicenceNotFoundException when no such licence is installed */
    public LicenceOverview licence(String licenceId) {
        return overview(licences.get(licenceId), points.pointsUsed());
    }

    public List<InstalledLicence> installed() {
        return licences.list();
    }

    /** The pairs holding the licence's points, with their enabled integrations: what removing it would disable. */
    public List<PairView> pairs(String licenceId) {
        return pairs(licenceId, Integer.MAX_VALUE);
    }

    /** The first pairs holding the licence's points, at most {@code limit}: a page never lists ten thousand. */
    public List<PairView> pairs(String licenceId, int limit) {
        return points.pairsOf(licenceId, limit).stream()
                .map(holding -> new PairView(holding.pair().first(), holding.pair().second(), holding.integrationIds()))
                .toList();
    }

    /** This month and every earlier month of an installed licence, oldest first. */
    public List<MonthlyTransfers> history(String licenceId) {
        licences.get(licenceId);
        return meters.history(licenceId);
    }

    public MonthlyTransfers month(String licenceId) {
        return MonthlyTransfers.of(meters.meter(licenceId));
    }

    public List<IntegrationView> integrations() {
        return points.integrations().stream().map(Overview::view).toList();
    }

    /** A page of integrations in id order after the cursor (an integration id), filtered; see {@link PointAllocator#integrations(String, Boolean, String, String, int)}. */
    public List<IntegrationView> integrations(String licenceId, Boolean enabled, String systemType, String after, int limit) {
        return points.integrations(licenceId, enabled, systemType, after, limit).stream().map(Overview::view).toList();
    }

    /** @throws io.tally.license.points.IntegrationNotFoundException when Tally never saw it */
    public IntegrationView integration(String integrationId) {
        return view(points.integration(integrationId));
    }

    /**
     * An integration as this node's memory last saw it committed, when it is enabled there (what a start
     * answers without reading it back); otherwise as stored.
     */
    public IntegrationView enabledOrStored(String integrationId) {
        EnabledIntegrations.Entry known = enabled.get(integrationId);
        if (known != null && known.enabled()) {
            return new IntegrationView(integrationId, true, known.pair().first(), known.pair().second(), known.licenceId(), null, null,
                    known.updatedAt());
        }
        return integration(integrationId);
    }

    private LicenceOverview overview(InstalledLicence installed, Map<String, Long> used) {
        return new LicenceOverview(installed, used.getOrDefault(installed.id(), 0L), MonthlyTransfers.of(meters.meter(installed.id())));
    }

    private static IntegrationView view(IntegrationRecord record) {
        return new IntegrationView(record.integrationId(), record.enabled(), record.pair().first(), record.pair().second(),
                record.licenceId(), record.disabledReason(), record.disabledDetail(), record.updatedAt());
    }
}
