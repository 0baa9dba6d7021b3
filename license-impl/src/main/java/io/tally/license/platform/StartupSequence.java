package io.tally.license.platform;

import io.tally.license.application.ConfiguredLicences;
import io.tally.license.application.CapacityAlerts;
import io.tally.license.application.ExpiryNotices;
import io.tally.license.application.PendingRenewals;
import io.tally.license.application.LicenceExpiry;
import io.tally.license.application.IntegrationLicensing;
import io.tally.license.application.Metering;
import io.tally.license.application.MissedMonths;
import io.tally.license.application.OtherNodes;
import io.tally.license.application.Overview;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.records.RecordIndex;
import io.tally.license.host.InstallationId;
import io.tally.license.security.AccountStore;
import io.tally.license.time.ClockGuard;
import io.tally.license.transfers.TransferMeters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What runs once when Tally is deployed, in order, and the periodic work after it; a failure at start
 * fails the deployment. A startup EJB rather than a CDI observer: JPA and java:comp/env are ready only
 * by the time it runs.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Flyway and the services manage their own transactions
public class StartupSequence {

    static final long EXPIRY_TICK_MS = 250;

    /** How often committed record entries are copied into the record's index, and how many batches a tick copies at most. */
    static final long INDEX_TICK_MS = 250;
    static final int INDEX_BATCHES_PER_TICK = 20;

    private static final Logger LOG = Logger.getLogger(StartupSequence.class.getName());

    @Inject
    io.tally.license.application.LoginRecord loginRecord;

    @Inject
    io.tally.license.application.TallyMetrics metrics;

    @Inject
    Database database;

    @Inject
    AccountStore accounts;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    IntegrationLicensing licensing;

    @Inject
    Metering metering;

    @Inject
    TransferMeters meters;

    @Inject
    Overview overview;

    @Inject
    @ConfigProperty(name = "tally.transfers.flush-interval-ms", defaultValue = "1000")
    long flushIntervalMs;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    LicenceExpiry expiry;

    @Inject
    ClockGuard clockGuard;

    @Inject
    ConfiguredLicences configuredLicences;

    @Inject
    ExpiryNotices notices;

    @Inject
    InstallationId installationId;

    @Inject
    PendingRenewals pendingRenewals;

    @Inject
    CapacityAlerts capacity;

    @Inject
    OtherNodes otherNodes;

    @Inject
    MissedMonths missedMonths;

    @Inject
    RecordIndex recordIndex;

    private ScheduledFuture<?> ticking;
    private ScheduledFuture<?> expiring;
    private ScheduledExecutorService expiries;
    private ScheduledExecutorService indexing;
    private int indexFailures;
    private Thread shutdownFlush;

    @PostConstruct
    void start() {
        if (flushIntervalMs < 10 || flushIntervalMs > 60_000) {
            throw new IllegalStateException("tally.transfers.flush-interval-ms must be between 10 and 60000, not " + flushIntervalMs);
        }
        database.migrate();
        accounts.prepare();
        clockGuard.load();
        installationId.load();
        otherNodes.begin(); // the epoch before the memory is filled: any change after it is applied by the polls
        catalogue.reload();
        licensing.load();
        // every installed licence's meter, so that a cut-off stored before a crash is settled now
        List<InstalledLicence> installedAtStart = overview.installed(); // each read verifies every licence file: once
        installedAtStart.forEach(licence -> meters.meter(licence.id()));
        missedMonths.closeAtStart(installedAtStart);
        configuredLicences.install();
        long installed = overview.installed().size();
        if (installed > 0 && catalogue.all().isEmpty()) {
            LOG.warning("None of the " + installed + " installed licences is bound to this node's addresses: every new pair is refused. "
                    + "Bind licences to one of its addresses, or set tally.host.addresses to the address they name (the same on every node).");
        }
        metrics.register();
        ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, flushIntervalMs, TimeUnit.MILLISECONDS);
        // expiries as they happen (within a quarter of a second), and at once those that passed while Tally was down; on a
        // thread of its own, as the container's scheduler runs the flushes one after another with it: a month's close, a
        // flush waiting for the database or a platform slow in its observer of a cap or month event never holds up an expiry
        expiries = Executors.newSingleThreadScheduledExecutor(threads);
        expiring = expiries.scheduleWithFixedDelay(this::expire, 0, EXPIRY_TICK_MS, TimeUnit.MILLISECONDS);
        // the record's index follows the committed entries on a thread of its own: its copies never wait behind a flush or an expiry
        indexing = Executors.newSingleThreadScheduledExecutor(threads);
        indexing.scheduleWithFixedDelay(this::index, 0, INDEX_TICK_MS, TimeUnit.MILLISECONDS);
        // Payara Micro stopped by a signal does not undeploy, so @PreDestroy would not run: flush from the JVM's own hook
        shutdownFlush = new Thread(metering::flushAndLeave, "tally-shutdown-flush");
        Runtime.getRuntime().addShutdownHook(shutdownFlush);
    }

    private void tick() {
        try {
            metering.tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Storing transferred records failed; the next tick tries again", e);
        }
    }

    private void expire() {
        try {
            if (clockGuard.tick()) {
                clockGuard.recordInNewTransaction();
            }
            pendingRenewals.tick();
            loginRecord.tick();
            expiry.tick();
            notices.tick();
            capacity.tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Looking for expired licences failed; the next tick tries again", e);
        }
    }

    private void index() {
        try {
            for (int i = 0; i < INDEX_BATCHES_PER_TICK && recordIndex.copyNext() > 0; i++) {
                // a backlog (entries appended while the copy failed, say while the database was away) goes INDEX_BATCHES_PER_TICK batches a tick
            }
            indexFailures = 0;
        } catch (RuntimeException e) {
            // another node copying the same entries at that moment collides on their numbers: its copy stands, and the next tick goes on
            if (++indexFailures % 40 == 0) {
                LOG.log(Level.WARNING, "Copying licensing record entries into the record's index failed " + indexFailures
                        + " times in a row (reads by licence or type then read the entries not copied from the record itself)", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        ticking.cancel(false);
        expiring.cancel(false);
        expiries.shutdown();
        indexing.shutdown();
        otherNodes.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownFlush);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
        metering.flushAndLeave(); // an undeployment loses no counted record, and holds no block of a cap
    }
}
