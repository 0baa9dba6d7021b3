package io.tally.license.points;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.licences.Licence;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.SystemInstance;
import io.tally.license.licences.LicenceRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PointRulesTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final SystemInstance SN1 = new SystemInstance("servicenow", "https://sn-1.acme.example");
    static final SystemInstance JIRA1 = new SystemInstance("jira", "https://jira-1.acme.example");
    static final SystemInstance JIRA2 = new SystemInstance("jira", "https://jira-2.acme.example");

    @Test
    void firstPairTakesAPointOfTheLicence() {
        Licence licence = licence("L", 2, 365);

        assertEquals(Optional.of(licence), PointRules.choose(List.of(new Candidate(licence, 0))));
    }

    @Test
    void secondPairNeedsASecondPoint() {
        Licence twoPoints = licence("L", 2, 365);
        Licence onePoint = licence("L", 1, 365);

        assertEquals(Optional.of(twoPoints), PointRules.choose(List.of(new Candidate(twoPoints, 1))));
        assertEquals(Optional.empty(), PointRules.choose(List.of(new Candidate(onePoint, 1))));
    }

    @Test
    void reversedPairIsTheSamePair() {
        assertEquals(Pair.of(SN1, JIRA1), Pair.of(JIRA1, SN1));
        assertEquals(Pair.of(SN1, JIRA1).key(), Pair.of(JIRA1, SN1).key());
        assertNotEquals(Pair.of(SN1, JIRA1).key(), Pair.of(SN1, JIRA2).key());
    }

    @Test
    void licenceCoversPairsOfItsTwoTypesInEitherOrderOnly() {
        Licence serviceNowJira = licence("L", 1, 365);

        assertTrue(Pair.of(JIRA1, SN1).coveredBy(serviceNowJira));
        assertFalse(Pair.of(SN1, new SystemInstance("servicenow", "https://sn-2.acme.example")).coveredBy(serviceNowJira));
    }

    @Test
    void licenceExpiringLastGivesThePointAndTiesGoToTheLowerId() {
        Licence soon = licence("A-SOON", 5, 30);
        Licence late = licence("Z-LATE", 5, 300);
        Licence lateToo = licence("B-LATE", 5, 300);

        assertEquals(Optional.of(lateToo), PointRules.choose(List.of(new Candidate(soon, 0), new Candidate(late, 0), new Candidate(lateToo, 0))));
    }

    @Test
    void fullLicenceIsPassedOverForOneWithAFreePoint() {
        Licence full = licence("FULL", 1, 300);
        Licence free = licence("FREE", 1, 30);

        assertEquals(Optional.of(free), PointRules.choose(List.of(new Candidate(full, 1), new Candidate(free, 0))));
    }

    @Test
    void refusalNamesTypesPairAndEveryCandidateWithItsPoints() {
        Licence a = licence("L-A", 1, 300);
        Licence b = licence("L-B", 2, 300);

        LicenceException refused = PointRules.refusal(Pair.of(SN1, JIRA2), List.of(new Candidate(a, 1), new Candidate(b, 2)), List.of(a, b), PointRulesTest::phaseNow, id -> false);

        assertEquals("no-free-point", refused.code());
        assertTrue(refused.getMessage().contains("jira–servicenow"), refused.getMessage());
        assertTrue(refused.getMessage().contains("jira#https://jira-2.acme.example"), refused.getMessage());
        assertTrue(refused.getMessage().contains("L-A (1/1 points used)") && refused.getMessage().contains("L-B (2/2 points used)"), refused.getMessage());
    }

    @Test
    void refusalWithoutValidLicenceSaysWhy() {
        Licence expired = new LicenceRequest().id("OLD").company("ACME").registeredTo("Jane").email("j@acme.example")
                .boundTo("h.example").systems("servicenow", "jira").start(NOW.minus(60, ChronoUnit.DAYS))
                .expire(NOW.minus(1, ChronoUnit.DAYS)).build("k", NOW);

        assertEquals("licence-not-valid", PointRules.refusal(Pair.of(SN1, JIRA1), List.of(), List.of(expired), PointRulesTest::phaseNow, id -> false).code());
        assertEquals("no-licence", PointRules.refusal(Pair.of(SN1, JIRA1), List.of(), List.of(), PointRulesTest::phaseNow, id -> false).code());
    }

    @Test
    void refusalUnderALicenceCutOffByItsTransferCapSaysSo() {
        Licence capped = licence("CAPPED", 5, 300);

        LicenceException refused = PointRules.refusal(Pair.of(SN1, JIRA1), List.of(), List.of(capped), PointRulesTest::phaseNow, "CAPPED"::equals);

        assertEquals("transfer-cap-exceeded", refused.code());
        assertTrue(refused.getMessage().contains("CAPPED"), refused.getMessage());
    }

    @Test
    void renewalWithFewerPointsReleasesTheMostRecentlyTakenPairs() {
        PointRules.Allocation oldest = allocation(JIRA1, 1);
        PointRules.Allocation newer = allocation(JIRA2, 2);
        PointRules.Allocation newest = allocation(new SystemInstance("jira", "https://jira-3.acme.example"), 3);

        List<PointRules.Allocation> released = PointRules.releasedByRenewal(List.of(oldest, newer, newest), licence("L", 1, 365));

        assertEquals(List.of(newer, newest), released);
    }

    @Test
    void renewalWithEnoughPointsKeepsEveryPair() {
        List<PointRules.Allocation> all = List.of(allocation(JIRA1, 1), allocation(JIRA2, 2));

        assertEquals(List.of(), PointRules.releasedByRenewal(all, licence("L", 5, 365)));
    }

    @Test
    void renewalForOtherTypesReleasesEveryPairItNoLongerCovers() {
        Licence zendeskJira = new LicenceRequest().id("L").company("ACME").registeredTo("Jane").email("j@acme.example")
                .boundTo("h.example").systems("zendesk", "jira").points(5).expire(NOW.plus(365, ChronoUnit.DAYS)).build("k", NOW);
        List<PointRules.Allocation> all = List.of(allocation(JIRA1, 1), allocation(JIRA2, 2));

        assertEquals(all, PointRules.releasedByRenewal(all, zendeskJira));
    }

    private static PointRules.Allocation allocation(SystemInstance jira, int minute) {
        return new PointRules.Allocation(Pair.of(SN1, jira), "L", NOW.plus(minute, ChronoUnit.MINUTES));
    }

    private static Licence licence(String id, int points, int days) {
        return new LicenceRequest().id(id).company("ACME").registeredTo("Jane").email("j@acme.example").points(points)
                .boundTo("h.example").systems("servicenow", "jira").start(NOW.minus(1, ChronoUnit.DAYS))
                .expire(NOW.plus(days, ChronoUnit.DAYS)).build("k", NOW);
    }

    static Licence.Phase phaseNow(Licence licence) {
        return licence.phaseAt(NOW, NOW);
    }
}
