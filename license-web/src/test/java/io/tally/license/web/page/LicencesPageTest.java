package io.tally.license.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The first screen warns about every licence, but a thousand warnings do not bury the page. */
class LicencesPageTest {

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
