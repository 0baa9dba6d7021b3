package io.tally.license.application;

import io.tally.license.points.BatchLocks;
import io.tally.license.points.Grant;
import io.tally.license.points.IntegrationNotFoundException;
import io.tally.license.points.Pair;
import io.tally.license.points.PointAllocator;
import io.tally.license.records.Actor;
import io.tally.license.spi.LicenceException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts that need the database, several decided in one transaction when they arrive together. A start
 * that takes a point holds its licence's row and the record's head until its commit, and a commit waits
 * for the disk: one after the other, each start would wait for its own write. The starts that queue up
 * while a transaction runs are decided together in the next one, which shares that wait.
 * <p>
 * Each start is decided exactly as alone ({@link PointAllocator#start}, in turn, with its caller named
 * in the record), and a batch commits or rolls back whole. A start refused in a batch rolls it back:
 * the starts before it are decided again together, it and those after it alone. A batch that fails
 * otherwise (a lost race, the database away) is decided again start by start, each on its own thread
 * with the usual retries. A start alone is decided as it always was.
 * <p>
 * On by default (up to 32 starts a transaction); {@code tally.starts.batch-max=1} decides each start in a
 * transaction of its own, the path of before. (The race of renewals against fifty new pairs that once saw
 * more points in use than the licence had, with batches on, was H2 losing updates: see H2WriteTurns.)
 */
@ApplicationScoped
public class StartBatches {

    private static final Logger LOG = Logger.getLogger(StartBatches.class.getName());

    @Inject
    Transactions transactions;

    @Inject
    PointAllocator allocator;

    @Inject
    @ConfigProperty(name = "tally.starts.batch-max", defaultValue = "32")
    int batchMax;

    private TakingTurns<Start> turns;
    private final LongAdder committed = new LongAdder();

    @PostConstruct
    void init() {
        if (batchMax < 1 || batchMax > 1000) {
            throw new IllegalStateException("tally.starts.batch-max must be between 1 and 1000, not " + batchMax);
        }
        turns = new TakingTurns<>(batchMax, this::decide);
    }

    /** Makes the bean now, at boot, so that a bad setting fails the deployment rather than a start. */
    void check() {
        // the proxy's first call has run init()
    }

    /** Transactions that committed starts (a batch is one): with the starts, how many starts shared each. */
    public long transactionsCommitted() {
        return committed.sum();
    }

    /** One start waiting for its decision. */
    private static final class Start extends TakingTurns.Request {
        final String integrationId;
        final Pair pair;
        final Actor actor;
        Grant grant;
        RuntimeException refusal;
        boolean alone;

        Start(String integrationId, Pair pair, Actor actor) {
            this.integrationId = integrationId;
            this.pair = pair;
            this.actor = actor;
        }
    }

    /** A start decided in the database, with the others waiting now, as if alone. */
    public Grant start(String integrationId, Pair pair) {
        if (batchMax == 1) { // batches off: each start in a transaction of its own, as before
            return alone(integrationId, pair);
        }
        Start mine = new Start(integrationId, pair, Actor.current());
        turns.await(mine);
        if (mine.alone) {
            return alone(integrationId, pair);
        }
        if (mine.refusal != null) {
            throw mine.refusal;
        }
        return mine.grant;
    }

    /** A start in a transaction of its own, run again after a lost race. */
    private Grant alone(String integrationId, Pair pair) {
        Grant grant = Contention.retry("start of " + integrationId, () -> transactions.inNew(() -> allocator.start(integrationId, pair)));
        committed.increment();
        return grant;
    }

    /** Decides the batch; every start in it leaves decided (a grant, a refusal, or to be decided alone). */
    private void decide(List<Start> given) {
        List<Start> batch = new ArrayList<>(given);
        while (batch.size() > 1) {
            try {
                transactions.inNew(() -> {
                    BatchLocks held = allocator.lockForStarts(batch.stream().map(start -> start.integrationId).toList(),
                            batch.stream().map(start -> start.pair).toList());
                    for (int i = 0; i < batch.size(); i++) {
                        Start start = batch.get(i);
                        try {
                            start.grant = start.actor.run(() -> allocator.start(start.integrationId, start.pair, held));
                        } catch (LicenceException | IntegrationNotFoundException refused) {
                            throw new RefusedInBatch(i); // rolls the batch back
                        }
                    }
                    return null;
                });
                committed.increment();
                batch.forEach(Start::decided);
                return;
            } catch (RefusedInBatch refused) {
                // those after the refused start met a state the rolled-back ones had made: all of them alone
                List<Start> after = batch.subList(refused.index, batch.size());
                after.forEach(StartBatches::decidedAlone);
                after.clear();
            } catch (RuntimeException failed) {
                LOG.fine(() -> "A batch of " + batch.size() + " starts failed (" + Contention.code(failed) + "); each is decided alone");
                batch.forEach(StartBatches::decidedAlone);
                return;
            }
        }
        if (batch.size() == 1) {
            decideOne(batch.get(0));
        }
    }

    private static void decidedAlone(Start start) {
        start.grant = null;
        start.alone = true;
        start.decided();
    }

    /** One start, once, as it always was: a refusal or a failure is its answer; a lost race is tried again alone. */
    private void decideOne(Start start) {
        try {
            start.grant = start.actor.run(() -> transactions.inNew(() -> allocator.start(start.integrationId, start.pair)));
            committed.increment();
        } catch (RuntimeException failed) {
            if (Contention.isContention(failed)) {
                start.alone = true; // its own thread tries again, with the pauses of a lost race, outside the turn
            } else {
                start.refusal = failed;
            }
        }
        start.decided();
    }

    /** A start of the batch was refused: the batch is rolled back and decided again. */
    private static final class RefusedInBatch extends RuntimeException {
        final int index;

        RefusedInBatch(int index) {
            super("start " + index + " of a batch was refused", null, false, false);
            this.index = index;
        }
    }
}
