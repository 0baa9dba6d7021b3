package io.tally.license.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.points.Pair;
import io.tally.license.points.PointsChanged;
import io.tally.license.spi.DisableReason;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.spi.SystemInstance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which committed changes the other nodes must hear of: whatever takes back what their memory may allow. */
class ChangeLogTest {

    static final SystemInstance SN = new SystemInstance("servicenow", "sn-1");
    static final SystemInstance JIRA = new SystemInstance("jira", "j-1");
    static final Pair PAIR = Pair.of(SN, JIRA);

    static PointsChanged.Change enabled(String id) {
        return new PointsChanged.Change(id, 2, true, PAIR, "L-1", null, Instant.EPOCH);
    }

    static PointsChanged.Change disabled(String id, DisableReason reason) {
        return new PointsChanged.Change(id, 3, false, PAIR, "L-1", reason, Instant.EPOCH);
    }

    @Test
    void aStartThatOnlyEnablesIsNotLogged() {
        assertFalse(ChangeLog.takesBack(new PointsChanged(List.of(enabled("i-1")), List.of(),
                List.of(new LicensingEvent.PointTaken("L-1", SN, JIRA, "i-1")))));
    }

    @Test
    void aStopIsLoggedEvenWhenThePairKeepsItsPoint() {
        assertTrue(ChangeLog.takesBack(new PointsChanged(List.of(disabled("i-1", null)), List.of(), List.of())));
    }

    @Test
    void aStartThatMovesAnIntegrationOffAnotherPairIsLogged() {
        assertTrue(ChangeLog.takesBack(new PointsChanged(List.of(disabled("i-1", null), enabled("i-1")), List.of(), List.of())));
    }

    @Test
    void aPointMovedOrReleasedIsLogged() {
        assertTrue(ChangeLog.takesBack(new PointsChanged(List.of(enabled("i-1")), List.of(),
                List.of(new LicensingEvent.PointMoved("L-1", "L-2", SN, JIRA, DisableReason.LICENCE_EXPIRED)))));
        assertTrue(ChangeLog.takesBack(new PointsChanged(List.of(enabled("i-1")), List.of(),
                List.of(new LicensingEvent.PointReleased("L-1", SN, JIRA)))));
    }

    @Test
    void anIntegrationDisabledByTallyIsLogged() {
        assertTrue(ChangeLog.takesBack(new PointsChanged(List.of(disabled("i-1", DisableReason.LICENCE_REMOVED)),
                List.of(new LicensingEvent.IntegrationDisabled("i-1", "L-1", DisableReason.LICENCE_REMOVED, "removed")), List.of())));
    }
}
