package io.tally.license.application;

import io.tally.license.cluster.ChangeLog;
import io.tally.license.cluster.ClusterSignal;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.points.PointAllocator;
import io.tally.license.points.PointsChanged;
import io.tally.license.transfers.TransferMeters;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the other nodes on this database committed, applied to this node's memory (the licence catalogue,
 * the enabled integrations, the meters' caps) from the database's change log, in epoch order. The log
 * is read every {@code tally.cluster.poll-interval-ms}, and at once when the data grid announces a new
 * epoch. A repeated start is answered from memory only while the last complete read began less than
 * {@code tally.cluster.stale-after-ms} ago: a node that misses messages, or cannot reach the database,
 * never answers yes from a memory older than that.
 */
@ApplicationScoped
public class OtherNodes {

    private static final Logger LOG = Logger.getLogger(OtherNodes.class.getName());
    private static final int MAX_CHANGES_PER_READ = 20_000;
    private static final int BATCH = 500;
    private static final Duration KEPT = Duration.ofHours(1);
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Inject
    ChangeLog log;

    @Inject
    ClusterSignal signal;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    EnabledIntegrations enabled;

    @Inject
    PointAllocator allocator;

    @Inject
    TransferMeters meters;

    @Inject
    IntegrationLicensing licensing;

    @Inject
    TallyMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tally.cluster.poll-interval-ms", defaultValue = "1000")
    long pollIntervalMs;

    @Inject
    @ConfigProperty(name = "tally.cluster.stale-after-ms", defaultValue = "3000")
    long staleAfterMs;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    Executor executor;

    private final AtomicLong heard = new AtomicLong(-1);
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Outage outage = new Outage(LOG);
    private volatile long applied = -1;
    private volatile long freshSince = System.nanoTime();
    private volatile boolean memoryFresh = true;
    private volatile long lastPoll = System.nanoTime();
    private volatile boolean following;
    private Thread follower;
    private long staleAfterNanos = TimeUnit.SECONDS.toNanos(3);
    private long pollIntervalNanos = TimeUnit.SECONDS.toNanos(1);
    private long lastPrune = System.nanoTime() - PRUNE_EVERY_NANOS;

    /** At boot, before the memory is filled: every change after the epoch read here is applied by the polls. */
    public void begin() {
        if (pollIntervalMs < 10 || pollIntervalMs > 60_000) {
            throw new IllegalStateException("tally.cluster.poll-interval-ms must be between 10 and 60000, not " + pollIntervalMs);
        }
        if (staleAfterMs < 2 * pollIntervalMs || staleAfterMs > 600_000) {
            throw new IllegalStateException("tally.cluster.stale-after-ms must be at least twice tally.cluster.poll-interval-ms ("
                    + 2 * pollIntervalMs + ") and at most 600000, not " + staleAfterMs);
        }
        pollIntervalNanos = TimeUnit.MILLISECONDS.toNanos(pollIntervalMs);
        staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(staleAfterMs);
        freshSince = System.nanoTime();
        applied = log.epoch();
        signal.listen(epoch -> heard.accumulateAndGet(epoch, Math::max)); // the grid's thread only notes it: no database work there
        // a thread of its own: the container's scheduler can be held up for seconds by ticks that wait for the database
        following = true;
        follower = threads.newThread(this::follow);
        follower.setName("tally-other-nodes");
        follower.setDaemon(true);
        follower.start();
        LOG.info("Node " + log.node() + " follows the change log from epoch " + applied
                + (signal.members() > 0 ? ", data grid " + signal.address() + " with " + signal.members() + " member(s)" : ""));
    }

    /**
     * Whether this node's memory may answer a start: the last complete read of the log began less than the
     * bound ago (as of the last tick, at most 50 ms ago: a volatile read on the hot path, not a clock read).
     */
    public boolean fresh() {
        return memoryFresh;
    }

    /** Milliseconds since the last complete read of the log began. */
    public long unreadForMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freshSince);
    }

    /** The epoch this node has applied. */
    public long applied() {
        return applied;
    }

    /**
     * Every 50 ms on this node's own thread, never waiting for the database: notes whether memory is still fresh,
     * and has the log read on another thread when another node announced an epoch or the poll interval passed.
     */
    public void tick() {
        long now = System.nanoTime();
        memoryFresh = now - freshSince < staleAfterNanos;
        if (polling.get() || heard.get() <= applied && now - lastPoll < pollIntervalNanos) {
            return;
        }
        if (polling.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    try {
                        poll();
                    } finally {
                        polling.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                polling.set(false); // the next tick tries again
            }
        }
    }

    /**
     * Before a refusal for want of a licence: applies what other nodes committed, if the log moved on.
     *
     * @param seen the epoch applied when the refused decision began: a read that came in between (the
     *             tick's) applied something the decision may not have seen
     * @return whether anything newer than {@code seen} is applied now (the start is then decided again)
     */
    public boolean catchUp(long seen) {
        if (applied > seen) {
            return true;
        }
        long before = applied;
        try {
            if (log.epoch() <= before) {
                return false;
            }
        } catch (RuntimeException e) {
            return false; // the refusal stands; the database's trouble is the tick's to report
        }
        poll();
        return applied > before;
    }

    /** Reads and applies everything committed up to now. */
    public synchronized void poll() {
        long started = System.nanoTime();
        lastPoll = started;
        try {
            long upTo = log.epoch();
            if (upTo > applied) {
                Optional<List<ChangeLog.Change>> changes = log.since(applied, upTo, MAX_CHANGES_PER_READ);
                if (changes.isPresent()) {
                    apply(changes.get());
                } else {
                    LOG.info("The change log no longer holds every change after epoch " + applied + ": reloading this node's memory");
                    reloadAll();
                }
                applied = upTo;
            }
            freshSince = started; // what committed before this read began is in memory now
            memoryFresh = System.nanoTime() - started < staleAfterNanos;
            if (started - lastPrune > PRUNE_EVERY_NANOS) {
                lastPrune = started;
                log.prune(clock.instant().minus(KEPT));
            }
            outage.worked("The change log is read again; this node answers starts from memory again");
        } catch (RuntimeException e) {
            outage.failed(() -> "Could not read the change log (" + e + "); " + staleAfterMs
                    + " ms after the last read, this node refuses starts and stops with database-unavailable until a read succeeds");
        }
    }

    private void apply(List<ChangeLog.Change> changes) {
        Set<String> integrations = new LinkedHashSet<>();
        Set<String> licences = new LinkedHashSet<>();
        for (ChangeLog.Change change : changes) {
            if (change.node().equals(log.node())) {
                continue; // applied after its own commit
            }
            if (change.integrationId() != null) {
                integrations.add(change.integrationId());
            } else {
                licences.add(change.licenceId());
            }
        }
        if (!licences.isEmpty()) {
            catalogue.reload();
            for (String licence : licences) {
                meters.capChanged(licence);
                if (catalogue.licence(licence).isEmpty()) {
                    meters.removed(licence); // a meter this node holds for it goes at the month's end, as on the node that removed it
                }
            }
            integrations.addAll(enabled.idsOf(licences));
            metrics.refreshLicences();
        }
        List<String> ids = new ArrayList<>(integrations);
        List<PointsChanged.Change> disabledByTally = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            for (PointsChanged.Change integration : allocator.changesOf(ids.subList(from, Math.min(ids.size(), from + BATCH)))) {
                EnabledIntegrations.Entry known = enabled.get(integration.integrationId());
                if (known != null && known.enabled() && !integration.enabled() && integration.reason() != null
                        && integration.revision() > known.revision()) {
                    disabledByTally.add(integration); // this node knew it enabled: its platform may be running it here
                }
                enabled.apply(integration, integration.licenceId() == null ? null : meters.meter(integration.licenceId()));
            }
        }
        if (!disabledByTally.isEmpty()) {
            executor.execute(() -> { // a slow platform callback must not hold up the reading of the log
                for (PointsChanged.Change integration : disabledByTally) {
                    String detail;
                    try {
                        detail = allocator.integration(integration.integrationId()).disabledDetail();
                    } catch (RuntimeException e) {
                        detail = null;
                    }
                    licensing.tellThePlatform(integration.integrationId(), integration.reason(), detail);
                }
            });
        }
    }

    private void reloadAll() {
        catalogue.reload();
        catalogue.all().forEach(licence -> meters.capChanged(licence.id()));
        licensing.load();
        metrics.refreshLicences();
    }

    private void follow() {
        while (following) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A tick failed; the next one tries again", e);
            }
            LockSupport.parkNanos(TICK_NANOS); // between ticks
        }
    }

    public void stop() {
        following = false;
        if (follower != null) {
            follower.interrupt();
        }
        signal.stop();
    }
}
