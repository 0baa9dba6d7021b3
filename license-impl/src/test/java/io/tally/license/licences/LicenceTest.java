package io.tally.license.licences;

import static io.tally.license.licences.Licence.Phase.EXPIRED;
import static io.tally.license.licences.Licence.Phase.GRACE;
import static io.tally.license.licences.Licence.Phase.NOT_VALID_FOR_THIS_BUILD;
import static io.tally.license.licences.Licence.Phase.NOT_YET_VALID;
import static io.tally.license.licences.Licence.Phase.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LicenceTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant EXPIRE = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant BUILT = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void aSubscriptionIsValidFromStartToExpireThenInGraceThenExpired() {
        Licence licence = TestLicences.request().start(START).expire(EXPIRE).graceDays(10).build("k", START);

        assertEquals(NOT_YET_VALID, licence.phaseAt(START.minusSeconds(1), BUILT));
        assertEquals(VALID, licence.phaseAt(START, BUILT));
        assertEquals(GRACE, licence.phaseAt(EXPIRE, BUILT));
        assertEquals(GRACE, licence.phaseAt(EXPIRE.plus(Duration.ofDays(10)).minusSeconds(1), BUILT));
        assertEquals(EXPIRED, licence.phaseAt(EXPIRE.plus(Duration.ofDays(10)), BUILT));
        assertEquals(EXPIRE.plus(Duration.ofDays(10)), licence.end());
    }

    @Test
    void inGraceHeldPointsStayButNoNewPairGetsOne() {
        assertTrue(GRACE.keepsPoints());
        assertFalse(GRACE.givesPoints());
        assertTrue(VALID.givesPoints() && VALID.keepsPoints());
        assertFalse(NOT_VALID_FOR_THIS_BUILD.keepsPoints(), "an upgraded build stops its integrations at their next start");
    }

    @Test
    void withoutGraceTheEndIsTheExpiry() {
        Licence licence = TestLicences.request().start(START).expire(EXPIRE).graceDays(null).build("k", START);

        assertEquals(EXPIRED, licence.phaseAt(EXPIRE, BUILT));
        assertEquals(EXPIRE, licence.end());
    }

    @Test
    void aPerpetualLicenceWorksForeverForBuildsMadeBeforeItsExpiry() {
        Licence licence = TestLicences.request().kind(LicenceKind.PERPETUAL).start(START).expire(EXPIRE).graceDays(null).build("k", START);

        assertEquals(VALID, licence.phaseAt(EXPIRE.plus(Duration.ofDays(3650)), BUILT));
        assertEquals(NOT_VALID_FOR_THIS_BUILD, licence.phaseAt(START.plusSeconds(1), EXPIRE.plusSeconds(1)));
        assertEquals(Instant.MAX, licence.end(), "its pairs never lose their points to an expiry");
    }

    @Test
    void aTrialLastsAtMostThirtyDays() {
        assertEquals(LicenceKind.TRIAL, TestLicences.request().kind(LicenceKind.TRIAL).start(START).expire(START.plus(Duration.ofDays(30)))
                .build("k", START).kind());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TestLicences.request().kind(LicenceKind.TRIAL)
                .start(START).expire(START.plus(Duration.ofDays(30)).plusSeconds(1)).build("k", START));
        assertTrue(refused.getMessage().contains("30 days"), refused.getMessage());
    }

    @Test
    void graceIsFromOneToNinetyDaysAndNeverOnAPerpetualLicence() {
        assertThrows(IllegalArgumentException.class, () -> TestLicences.request().graceDays(0).build("k", START));
        assertThrows(IllegalArgumentException.class, () -> TestLicences.request().graceDays(91).build("k", START));
        assertThrows(IllegalArgumentException.class, () -> TestLicences.request().kind(LicenceKind.PERPETUAL).graceDays(5).build("k", START));
    }

    @Test
    void aLicenceMayBeBoundToSeveralAddressesButNoneTwiceAndNotTooMany() {
        Licence nodes = TestLicences.request().boundTo("node-1.acme.example, 10.0.0.5").build("k", START);
        assertEquals(java.util.List.of("node-1.acme.example", "10.0.0.5"), nodes.boundToAddresses());

        assertThrows(IllegalArgumentException.class, () -> TestLicences.request().boundTo("a.example, a.example").build("k", START));
        assertThrows(IllegalArgumentException.class, () -> TestLicences.request().boundTo("a.example,b.example").build("k", START),
                "one spelling only: ', ' between addresses");
        String seventeen = String.join(", ", java.util.stream.IntStream.range(0, 17).mapToObj(i -> "n" + i + ".example").toList());
        assertThrows(IllegalArgumentException.class, () -> TestLicences.request().boundTo(seventeen).build("k", START));
    }
}
