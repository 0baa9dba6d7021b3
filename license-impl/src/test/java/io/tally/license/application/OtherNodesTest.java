package io.tally.license.application;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.cluster.ChangeLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A start refused for want of a licence is decided again when another node's licence reached this node meanwhile. */
class OtherNodesTest {

    /** The change log at an epoch the test sets, holding no change of this node's interest. */
    static final class Log extends ChangeLog {
        long epoch;

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public Optional<List<Change>> since(long after, long upTo, int max) {
            return Optional.of(List.of());
        }

        @Override
        public int prune(Instant before) {
            return 0;
        }
    }

    final Log log = new Log();
    final OtherNodes cut = new OtherNodes();

    OtherNodesTest() {
        cut.log = log;
        cut.clock = Clock.systemUTC();
    }

    @Test
    void aReadThatCameBetweenTheDecisionAndItsRefusalHasTheStartDecidedAgain() {
        long seen = cut.applied(); // the start begins
        log.epoch = 5; // another node uploads a licence...
        cut.poll(); // ...and this node's tick applies it while the start is refused from the memory before it
        assertTrue(cut.catchUp(seen), "the refusal was decided on a memory older than the one now applied");
    }

    @Test
    void aRefusalOnTheLatestMemoryStands() {
        log.epoch = 5;
        cut.poll();
        assertFalse(cut.catchUp(cut.applied()), "nothing newer in the log or in memory");
    }

    @Test
    void aLogThatMovedOnIsReadBeforeTheRefusal() {
        long seen = cut.applied();
        log.epoch = 7;
        assertTrue(cut.catchUp(seen));
    }
}
