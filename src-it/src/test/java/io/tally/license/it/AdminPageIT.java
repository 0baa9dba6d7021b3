package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.it.TallyClient.Reply;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The administration page in a real headless Chromium against the real WAR on Payara Micro. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPageIT {

    /** The real WAR, with a clock the test can turn back from outside (the clock-behind banner). */
    @Deployment(testable = false)
    static WebArchive tally() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tally.it.war")))
                .addClasses(io.tally.license.it.platform.TestClock.class, io.tally.license.it.platform.ClockControl.class);
    }

    @ArquillianResource
    URL deployment;

    @TempDir
    Path files;

    Browser browser;
    TallyClient admin;
    String thisHost;
    final ItVendor vendor = ItVendor.trusted();

    @BeforeEach
    void open() throws URISyntaxException {
        admin = TallyClient.admin(deployment.toURI());
        thisHost = admin.get("api/host").json().getJsonArray("addresses").getString(0);
        browser = new Browser(deployment);
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void pageAsksForALoginAndRefusesAWrongPassword() {
        browser.open("");
        browser.await(By.id("username"));
        browser.screenshot("login");
        assertTrue(browser.driver().getCurrentUrl().contains("login.xhtml"), browser.driver().getCurrentUrl());

        browser.logIn("admin", "wrong");
        browser.await(By.id("login-error"));
        assertTrue(browser.text().contains("The user name or password is wrong."));

        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        browser.await(By.id("upload:submit"));
        assertTrue(browser.text().contains("Licences"));
        org.openqa.selenium.Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        assertEquals("Lax", session.getSameSite(), "the session cookie never rides along on another site's POST");
        assertTrue(session.isHttpOnly());
    }

    @Test
    void pastedLicenceIsListedWithItsAttributes() {
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        browser.await(By.id("upload:pasted")).sendKeys(vendor.issue(ItVendor.licence("IT-PAGE-PASTE", thisHost)
                .company("Globex Industrial").registeredTo("Hank Scorpio").email("hank@globex.example").points(3)));
        browser.driver().findElement(By.id("upload:submit")).click();

        browser.awaitText(By.id("notice"), "Licence IT-PAGE-PASTE is installed.");
        WebElement row = row("IT-PAGE-PASTE");
        String text = row.getText();
        for (String expected : List.of("Globex Industrial", "Hank Scorpio", "hank@globex.example", "servicenow – jira", "0 / 3",
                thisHost, "100 / month", "subscription", "VALID")) {
            assertTrue(text.contains(expected), "'" + expected + "' missing from: " + text);
        }
        browser.screenshot("licences");
        assertEquals(List.of(), browser.policyViolations(), "the login, the list and the upload keep to the Content-Security-Policy");
    }

    @Test
    void tamperedFileIsRefusedInWords() throws Exception {
        Path tampered = files.resolve("tampered.lic");
        Files.writeString(tampered, vendor.issue(ItVendor.licence("IT-PAGE-TAMPER", thisHost)).replace("Points: 2", "Points: 20"));
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        browser.await(By.id("upload:file")).sendKeys(tampered.toAbsolutePath().toString());
        browser.driver().findElement(By.id("upload:submit")).click();

        String message = browser.awaitText(By.id("upload:messages"), "bad-signature");
        assertTrue(message.contains("The licence signature does not match its contents"), message);
        browser.screenshot("upload-refused");
        assertEquals(404, admin.get("api/licenses/IT-PAGE-TAMPER").status());
    }

    @Test
    void licenceForAnotherHostNamesBothHosts() {
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        browser.await(By.id("upload:pasted")).sendKeys(vendor.issue(ItVendor.licence("IT-PAGE-ELSEWHERE", "elsewhere.example")));
        browser.driver().findElement(By.id("upload:submit")).click();

        String message = browser.awaitText(By.id("upload:messages"), "wrong-host");
        assertTrue(message.contains("elsewhere.example") && message.contains(thisHost), message);
    }

    @Test
    void companyNamedLikeAScriptShowsAsText() {
        String company = "<script>window.tallyXss=1</script><b>ACME</b>";
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-XSS", thisHost).company(company))).status());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        assertTrue(row("IT-PAGE-XSS").getText().contains(company), "the company must show as typed");
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.tallyXss === undefined"));
        assertTrue(browser.driver().findElements(By.xpath("//td/b[text()='ACME']")).isEmpty(), "no markup from a licence field");
    }

    @Test
    void removalListsTheIntegrationsItDisablesAndNeedsAConfirmation() throws URISyntaxException {
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-REMOVE", thisHost).systems("page-a", "page-b"))).status());
        TallyClient platform = TallyClient.platform(deployment.toURI());
        assertEquals(200, platform.postJson("api/integrations/page-int-1/start",
                "{\"systemA\": {\"type\": \"page-a\", \"key\": \"a-1\"}, \"systemB\": {\"type\": \"page-b\", \"key\": \"b-1\"}}").status());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        row("IT-PAGE-REMOVE").findElement(By.linkText("IT-PAGE-REMOVE")).click();
        browser.await(By.id("remove:ask")).click();
        String confirmation = browser.await(By.id("affected")).getText();
        assertTrue(confirmation.contains("page-int-1") && confirmation.contains("page-a#a-1"), confirmation);
        browser.screenshot("remove-confirmation");
        assertEquals(200, admin.get("api/licenses/IT-PAGE-REMOVE").status(), "nothing is removed before the confirmation");

        browser.driver().findElement(By.id("remove:confirm-remove")).click();

        browser.awaitText(By.id("notice"), "Licence IT-PAGE-REMOVE is removed; disabled: page-int-1.");
        assertEquals(404, admin.get("api/licenses/IT-PAGE-REMOVE").status());
        Reply integration = admin.get("api/integrations/page-int-1");
        assertEquals("LICENCE_REMOVED", integration.json().getString("disabledReason"), integration.body());
    }

    @Test
    void aRemovalsConfirmationNamesThePairsThatMoveToAnotherLicence() throws URISyntaxException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-MOVE-FROM", thisHost).systems("mvr-a", "mvr-b")
                .expire(now.plus(100, ChronoUnit.DAYS)))).status());
        assertEquals(200, TallyClient.platform(deployment.toURI()).postJson("api/integrations/mvr-1/start",
                "{\"systemA\": {\"type\": \"mvr-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"mvr-b\", \"key\": \"b\"}}").status());
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-MOVE-TO", thisHost).systems("mvr-a", "mvr-b")
                .expire(now.plus(200, ChronoUnit.DAYS)))).status());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        row("IT-PAGE-MOVE-FROM").findElement(By.linkText("IT-PAGE-MOVE-FROM")).click();
        browser.await(By.id("remove:ask")).click();
        String moved = browser.await(By.id("moved")).getText();
        assertTrue(moved.contains("mvr-a#a – mvr-b#b moves to licence IT-PAGE-MOVE-TO"), moved);
        assertTrue(browser.driver().findElements(By.id("affected")).isEmpty(), "nothing is disabled: " + browser.text());

        browser.driver().findElement(By.id("remove:confirm-remove")).click();
        browser.awaitText(By.id("notice"), "Licence IT-PAGE-MOVE-FROM is removed.");
        jakarta.json.JsonObject integration = admin.get("api/integrations/mvr-1").json();
        assertEquals("IT-PAGE-MOVE-TO", integration.getString("licenceId"), "the pair moved");
        assertEquals("ENABLED", integration.getString("state"), "and its integration runs on");
    }

    /** The page as a browser reaches it under the name {@code localhost}: another site than {@link OtherSite}'s 127.0.0.1. */
    private URL tallyAsLocalhost() throws MalformedURLException {
        return new URL("http", "localhost", deployment.getPort(), deployment.getPath());
    }

    @Test
    void anotherSiteCannotUseTheBrowsersApiCredentialsToInstallALicenceOrStartAnIntegration() throws Exception {
        browser.close();
        URL tally = tallyAsLocalhost();
        browser = new Browser(tally);
        // the browser holds the credentials as if it had once opened /api with them, and sends them on every request
        browser.sendOnEveryRequest("Authorization", RawHttp.basic(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD));
        browser.open("api/licenses");
        assertTrue(browser.text().startsWith("["), "the browser is armed: the API answers it: " + browser.text());

        String licence = OtherSite.escape(vendor.issue(ItVendor.licence("IT-FORGED", thisHost)));
        try (OtherSite attacker = new OtherSite(OtherSite.autoSubmit(tally + "api/licenses", "multipart/form-data",
                "<textarea name=\"file\">" + licence + "</textarea>"))) {
            browser.driver().get(attacker.url());
            assertTrue(browser.awaitText(By.tagName("body"), "cross-site-request").contains("403"), browser.text());
        }
        try (OtherSite attacker = new OtherSite(OtherSite.autoSubmit(tally + "api/licenses", "text/plain",
                "<textarea name=\"Tally-Licence-Format: 1\">" + licence + "</textarea>"))) {
            browser.driver().get(attacker.url());
            browser.awaitText(By.tagName("body"), "cross-site-request");
        }
        browser.sendOnEveryRequest("Authorization", RawHttp.basic("platform", "it-platform-secret"));
        String json = OtherSite.escape("{\"systemA\": {\"type\": \"servicenow\", \"key\": \"x\"}, \"systemB\": {\"type\": \"jira\", \"key\": \"y\"}, \"pad\": \"");
        try (OtherSite attacker = new OtherSite(OtherSite.autoSubmit(tally + "api/integrations/forged-1/start", "text/plain",
                "<input name=\"" + json + "\" value=\"x\">"))) {
            browser.driver().get(attacker.url());
            browser.awaitText(By.tagName("body"), "cross-site-request");
        }

        assertEquals(404, admin.get("api/licenses/IT-FORGED").status(), "no licence was installed");
        assertEquals(404, admin.get("api/integrations/forged-1").status(), "no integration was started");
    }

    @Test
    void aLinkFromAnotherSiteKeepsTheAdministratorLoggedInButAFormFromThereChangesNothing() throws Exception {
        browser.close();
        URL tally = tallyAsLocalhost();
        browser = new Browser(tally);
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        try (OtherSite linking = new OtherSite("<!DOCTYPE html><html><body><a id=\"go\" href=\"" + tally + "\">Tally</a></body></html>")) {
            browser.driver().get(linking.url());
            browser.await(By.id("go")).click();
            browser.awaitText(By.tagName("body"), "Upload a licence"); // the licences page, not the login
        }
        String licence = OtherSite.escape(vendor.issue(ItVendor.licence("IT-FORGED-PAGE", thisHost)));
        try (OtherSite attacker = new OtherSite(OtherSite.autoSubmit(tally + "index.xhtml", "multipart/form-data",
                "<input name=\"upload\" value=\"upload\"><textarea name=\"upload:pasted\">" + licence + "</textarea>"
                        + "<input name=\"upload:submit\" value=\"Upload licence\"><input name=\"jakarta.faces.ViewState\" value=\"guessed\">"))) {
            browser.driver().get(attacker.url());
            // without the session (SameSite) the POST meets the login; the answer has loaded once the browser is back at Tally
            browser.awaitUrl(tally.toString());
            assertFalse(browser.text().contains("is installed"), browser.text());
        }
        assertEquals(404, admin.get("api/licenses/IT-FORGED-PAGE").status(), "the forged form installed nothing");
    }

    @Test
    void theLicencePageWithoutItsTokenLeadsToTheList() {
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        browser.open("licence.xhtml?id=IT-ANY");

        browser.awaitText(By.tagName("body"), "Upload a licence");
        assertFalse(browser.text().contains("Tally could not complete the request"), browser.text());
    }

    @Test
    void aFileAndPastedTextOrTwoFilesAtOnceAreRefusedInWords() throws Exception {
        Path file = files.resolve("one.lic");
        Files.writeString(file, vendor.issue(ItVendor.licence("IT-ONE", thisHost)));
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        browser.await(By.id("upload:file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver().findElement(By.id("upload:pasted")).sendKeys(vendor.issue(ItVendor.licence("IT-TWO", thisHost)));
        browser.driver().findElement(By.id("upload:submit")).click();

        browser.awaitText(By.id("upload:messages"), "Choose a licence file or paste one, not both.");
        assertEquals(404, admin.get("api/licenses/IT-ONE").status());
        assertEquals(404, admin.get("api/licenses/IT-TWO").status());

        // two file parts under the form's one name, as a hand-made form would send them
        Path other = files.resolve("two.lic");
        Files.writeString(other, vendor.issue(ItVendor.licence("IT-TWO", thisHost)));
        browser.driver.executeScript("var second = document.createElement('input'); second.type = 'file'; second.id = 'second';"
                + "second.name = 'upload:file'; document.getElementById('upload').appendChild(second);");
        browser.driver().findElement(By.id("upload:file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver().findElement(By.id("second")).sendKeys(other.toAbsolutePath().toString());
        browser.clickAndAwaitNextPage(By.id("upload:submit"));

        browser.awaitText(By.id("upload:messages"), "Choose a licence file or paste one, not both.");
        assertEquals(404, admin.get("api/licenses/IT-ONE").status());
        assertEquals(404, admin.get("api/licenses/IT-TWO").status());
    }

    @Test
    void theLicenceRequestDownloadsFromThisHostPanel() throws Exception {
        Path file = Browser.DOWNLOADS.resolve("tally-licence-request.txt");
        Files.createDirectories(Browser.DOWNLOADS);
        Files.deleteIfExists(file);
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        browser.await(By.id("download-request")).click();

        // Chromium reserves the name with an empty file and writes to a .crdownload beside it: done when the
        // file has its bytes and no partial download is left (a clean-clone run once read the empty placeholder)
        Await.until(() -> saved(file), "the browser saves the request");
        io.tally.license.licences.RequestFile request = io.tally.license.licences.RequestFile.read(Files.readAllBytes(file));
        assertEquals(admin.get("api/host").json().getString("installationId"), request.installationId());
    }

    private static boolean saved(Path file) {
        try (java.util.stream.Stream<Path> files = Files.list(Browser.DOWNLOADS)) {
            return Files.exists(file) && Files.size(file) > 0 && files.noneMatch(path -> path.getFileName().toString().endsWith(".crdownload"));
        } catch (java.io.IOException renamedMeanwhile) {
            return false; // looked at while the browser moved it: look again
        }
    }

    @Test
    void aRenewalShowsWhatItChangesAndIsInstalledOnlyOnConfirmation() throws URISyntaxException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-RENEW", thisHost).systems("rn-a", "rn-b")
                .issued(now.minusSeconds(60)))).status());
        TallyClient platform = TallyClient.platform(deployment.toURI());
        assertEquals(200, platform.postJson("api/integrations/rn-1/start",
                "{\"systemA\": {\"type\": \"rn-a\", \"key\": \"a-1\"}, \"systemB\": {\"type\": \"rn-b\", \"key\": \"b-1\"}}").status());
        assertEquals(200, platform.postJson("api/integrations/rn-2/start",
                "{\"systemA\": {\"type\": \"rn-a\", \"key\": \"a-2\"}, \"systemB\": {\"type\": \"rn-b\", \"key\": \"b-2\"}}").status());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        browser.await(By.id("upload:pasted")).sendKeys(vendor.issue(ItVendor.licence("IT-PAGE-RENEW", thisHost).systems("rn-a", "rn-b")
                .points(1).issued(now)));
        browser.driver().findElement(By.id("upload:submit")).click();

        String preview = browser.awaitText(By.id("preview"), "this upload replaces it");
        assertTrue(preview.contains("Points: 2 → 1"), preview);
        assertTrue(preview.contains("Integration rn-2 would be disabled"), preview);
        assertEquals(2, admin.get("api/licenses/IT-PAGE-RENEW").json().getInt("points"), "nothing is installed before the confirmation");
        browser.screenshot("renewal-preview");

        browser.driver().findElement(By.id("preview:confirm")).click();

        browser.awaitText(By.id("notice"), "Licence IT-PAGE-RENEW is installed.");
        assertEquals(1, admin.get("api/licenses/IT-PAGE-RENEW").json().getInt("points"));
    }

    @Test
    void aPairMovedToAnotherLicenceIsShownAmongTheRecentDecisionsAndAnExpiredLicenceInABanner() throws URISyntaxException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant soon = now.plusSeconds(6); // time to start an integration and install the other licence first
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-GOING", thisHost).systems("mv-a", "mv-b")
                .expire(soon))).status());
        assertEquals(200, TallyClient.platform(deployment.toURI()).postJson("api/integrations/mv-1/start",
                "{\"systemA\": {\"type\": \"mv-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"mv-b\", \"key\": \"b\"}}").status());
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-STAYING", thisHost).systems("mv-a", "mv-b")
                .expire(now.plus(200, ChronoUnit.DAYS)))).status());
        Await.until(() -> admin.get("api/integrations/mv-1").body().contains("\"licenceId\":\"IT-PAGE-STAYING\""),
                "at the expiry, mv-1's pair moves to the other licence");

        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        String recent = browser.awaitText(By.id("recent-decisions"), "moved from licence IT-PAGE-GOING to IT-PAGE-STAYING");
        assertTrue(recent.contains("it expired"), recent);
        List<String> banners = browser.driver().findElements(By.cssSelector(".banner")).stream().map(WebElement::getText).toList();
        assertTrue(banners.stream().anyMatch(b -> b.contains("Licence IT-PAGE-GOING has expired")), banners.toString());
    }

    @Test
    void aClockTurnedBackShowsABannerNamingBothTimesAndRefusesNewStartsUntilItIsRight() throws URISyntaxException {
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-CLOCK", thisHost).systems("clk-a", "clk-b"))).status());
        String start = "{\"systemA\": {\"type\": \"clk-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"clk-b\", \"key\": \"b\"}}";
        TallyClient platform = TallyClient.platform(deployment.toURI());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        try {
            assertEquals(204, admin.post("api/it-clock?behind-minutes=120", "text/plain", new byte[0]).status());
            Await.until(() -> {
                Reply refused = platform.postJson("api/integrations/clk-1/start", start);
                return refused.status() == 403 && refused.body().contains("\"code\":\"clock-behind\"");
            }, "starts wait for the clock");
            browser.open("");
            String banner = browser.awaitText(By.cssSelector(".banner"), "earlier than");
            assertTrue(banner.contains("This server's clock reads ") && banner.contains("the latest time Tally has seen"), banner);
            browser.screenshot("clock-behind");
        } finally {
            admin.post("api/it-clock", "text/plain", new byte[0]);
        }
        Await.until(() -> platform.postJson("api/integrations/clk-1/start", start).status() == 200, "the clock is right: starts go on");
        browser.open("");
        browser.await(By.id("upload:submit"));
        assertTrue(browser.driver().findElements(By.cssSelector(".banner")).stream().noneMatch(b -> b.getText().contains("earlier than")),
                "the banner goes with the clock put right");
    }

    @Test
    void bannerWarnsOfALicenceExpiringSoon() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-SOON", thisHost)
                .expire(now.plus(3, ChronoUnit.DAYS).minusSeconds(60)))).status());

        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        browser.await(By.id("upload:submit")); // the Licences page has loaded

        List<String> banners = browser.driver().findElements(By.cssSelector(".banner")).stream().map(WebElement::getText).toList();
        assertTrue(banners.stream().anyMatch(b -> b.contains("Licence IT-PAGE-SOON expires in 2 days")), banners.toString());
    }

    @Test
    void bannersShowALicenceInItsGraceAndOneNearlyOutOfPoints() throws URISyntaxException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-GRACE", thisHost).systems("gr-a", "gr-b")
                .start(now.minus(60, ChronoUnit.DAYS)).expire(now.minus(1, ChronoUnit.DAYS)).graceDays(10))).status());
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-FULL", thisHost).systems("full-a", "full-b")
                .points(1))).status());
        assertEquals(200, TallyClient.platform(deployment.toURI()).postJson("api/integrations/full-1/start",
                "{\"systemA\": {\"type\": \"full-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"full-b\", \"key\": \"b\"}}").status());

        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);
        browser.await(By.id("upload:submit"));

        List<String> banners = browser.driver().findElements(By.cssSelector(".banner")).stream().map(WebElement::getText).toList();
        assertTrue(banners.stream().anyMatch(b -> b.contains("Licence IT-PAGE-GRACE expired at") && b.contains("is in its grace: 8 days left")),
                banners.toString());
        assertTrue(banners.stream().anyMatch(b -> b.contains("Licence IT-PAGE-FULL uses 1 of its 1 points")), banners.toString());
        browser.screenshot("banners");
    }

    @Test
    void detailShowsTheMonthlyHistoryChart() throws URISyntaxException {
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-CHART", thisHost).systems("chart-a", "chart-b"))).status());
        TallyClient platform = TallyClient.platform(deployment.toURI());
        assertEquals(200, platform.postJson("api/integrations/chart-1/start",
                "{\"systemA\": {\"type\": \"chart-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"chart-b\", \"key\": \"b\"}}").status());
        assertEquals(200, platform.postJson("api/integrations/chart-1/transfers", "{\"records\": 42}").status());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        row("IT-PAGE-CHART").findElement(By.linkText("IT-PAGE-CHART")).click();
        WebElement chart = browser.await(By.id("history"));
        List<WebElement> bars = chart.findElements(By.cssSelector("rect.bar"));

        assertEquals(1, bars.size());
        assertTrue(chart.getText().contains("42"), chart.getText());
        assertTrue(Double.parseDouble(bars.get(0).getAttribute("height")) > 0);
        assertFalse(chart.findElements(By.cssSelector("line.cap")).isEmpty(), "the cap is drawn");
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", chart);
        browser.screenshot("licence-detail");
        assertEquals(List.of(), browser.policyViolations(), "the detail page and its chart keep to the Content-Security-Policy");
    }

    @Test
    void theLicensingRecordTabShowsEntriesInWordsFiltersThemAndVerifiesTheChain() throws URISyntaxException {
        assertEquals(201, admin.postRaw("api/licenses", vendor.bytes(ItVendor.licence("IT-PAGE-RECORD", thisHost).systems("rec-a", "rec-b"))).status());
        assertEquals(200, TallyClient.platform(deployment.toURI()).postJson("api/integrations/rec-page-1/start",
                "{\"systemA\": {\"type\": \"rec-a\", \"key\": \"a\"}, \"systemB\": {\"type\": \"rec-b\", \"key\": \"b\"}}").status());
        browser.logIn(TallyClient.ADMIN, TallyClient.ADMIN_PASSWORD);

        browser.clickAndAwaitNextPage(By.id("nav-records"));
        String verification = browser.await(By.id("verification")).getText();
        assertTrue(verification.startsWith("Chain intact,"), verification);
        assertTrue(browser.await(By.id("entries")).getText().contains("Licence IT-PAGE-RECORD uploaded by admin: 2 points"), browser.text());

        browser.driver().findElement(By.id("licence")).sendKeys("IT-PAGE-RECORD");
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("type"))).selectByValue("point-taken");
        browser.clickAndAwaitNextPage(By.id("filter"));
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#entries tbody tr"));
        assertEquals(1, rows.size(), browser.text());
        assertTrue(rows.get(0).getText().contains("Licence IT-PAGE-RECORD gave a point to rec-a#a – rec-b#b (integration rec-page-1) by platform"),
                rows.get(0).getText());
        assertEquals("point-taken", new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("type")))
                .getFirstSelectedOption().getAttribute("value"), "the filter stays chosen");
        browser.screenshot("record");

        browser.clickAndAwaitNextPage(By.id("verify-now"));
        assertTrue(browser.await(By.id("verification")).getText().startsWith("Chain intact,"));
        assertEquals(List.of(), browser.policyViolations(), "the record tab keeps to the Content-Security-Policy");
    }

    private WebElement row(String licenceId) {
        browser.await(By.id("licences"));
        return browser.driver().findElement(By.xpath("//table[@id='licences']//tr[td//a[text()='" + licenceId + "']]"));
    }
}
