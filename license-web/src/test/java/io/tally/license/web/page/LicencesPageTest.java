package io.tally.license.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The first screen warns about every licence, but a thousand warnings do not bury the page. */
class LicencesPageTest {

    static io.tally.license.licences.service.InstalledLicence installed(String id, io.tally.license.licences.service.LicenceStatus status) {
        io.tally.license.licences.Licence licence = new io.tally.license.licences.LicenceRequest().id(id).company("ACME").registeredTo("Jane")
                .email("j@acme.example").points(1).boundTo("elsewhere.example").systems("servicenow", "jira")
                .start(java.time.Instant.EPOCH).expire(java.time.Instant.EPOCH.plusSeconds(86_400)).build("k", java.time.Instant.EPOCH);
        return new io.tally.license.licences.service.InstalledLicence(id, licence, status, null, "configured", java.time.Instant.EPOCH, "admin", null);
    }

    @Test
    void licencesInstalledAndNoneBoundHereIsSaidOnThePage() {
        var wrongHost = io.tally.license.licences.service.LicenceStatus.WRONG_HOST;
        assertTrue(LicencesPage.noneBoundHere(List.of()).isEmpty(), "no licence installed: nothing to say about binding");
        assertTrue(LicencesPage.noneBoundHere(List.of(installed("A", wrongHost), installed("B", io.tally.license.licences.service.LicenceStatus.VALID)))
                .isEmpty(), "one licence fits this server");
        String said = LicencesPage.noneBoundHere(List.of(installed("A", wrongHost), installed("B", wrongHost))).orElseThrow();
        assertTrue(said.startsWith("None of the 2 installed licences is bound to this server's addresses"), said);
        assertTrue(said.contains("tally.host.addresses"), said);
    }

    @Test
    void twelveBannersAreShownAsTheyAre() {
        List<String> twelve = IntStream.range(0, LicencesPage.BANNERS).mapToObj(i -> "banner " + i).toList();
        assertSame(twelve, LicencesPage.bounded(twelve));
    }

    @Test
    void beyondTwelveTheLastBannerCountsTheRest() {
        List<String> many = IntStream.range(0, 1000).mapToObj(i -> "banner " + i).toList();
        List<String> shown = LicencesPage.bounded(many);
        assertEquals(LicencesPage.BANNERS, shown.size());
        assertEquals(many.subList(0, LicencesPage.BANNERS - 1), shown.subList(0, LicencesPage.BANNERS - 1));
        assertTrue(shown.get(LicencesPage.BANNERS - 1).startsWith("… and 989 more warnings"), shown.get(LicencesPage.BANNERS - 1));
    }
}
