package io.tally.license.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver (no Selenium Manager, no network), as an
 * administrator uses the page.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of(System.getProperty("tally.it.screenshots", "target/screenshots"));
    static final Path DOWNLOADS = SCREENSHOTS.resolveSibling("downloads");

    final ChromeDriver driver;
    private final URL base;

    Browser(URL base) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1000");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL")); // to read what the page's console says
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", DOWNLOADS.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        this.driver = new ChromeDriver(options);
        this.base = base;
    }

    /** Makes the browser send this header on every request it makes, to any site, as cached credentials are. */
    void sendOnEveryRequest(String name, String value) {
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of(name, value)));
    }

    void open(String path) {
        driver.get(base.toString() + path);
    }

    void logIn(String user, String password) {
        open("");
        await(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        WebElement button = driver.findElement(By.id("login"));
        button.click();
        // the next page has loaded once the login form is gone
        awaitGone(button);
    }

    /** Clicks and waits until the page the click sent has replaced this one. */
    void clickAndAwaitNextPage(By by) {
        WebElement element = driver.findElement(by);
        element.click();
        awaitGone(element);
    }

    /**
     * Until the element's page has been replaced. Chromium reports an element of a page being replaced
     * either as stale or, for a moment, as a node that "does not belong to the document": both mean gone.
     */
    private void awaitGone(WebElement element) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(page -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException replaced) {
                if (String.valueOf(replaced.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw replaced;
            }
        });
    }

    WebElement await(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * The element's text once it contains {@code text}. A page being replaced by the next one may drop
     * the element while it is read; that read is simply tried again.
     */
    String awaitText(By by, String text) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(WebDriverException.class).until(page -> {
            String shown = page.findElement(by).getText();
            return shown.contains(text) ? shown : null;
        });
    }

    void awaitUrl(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(page -> page.getCurrentUrl().startsWith(prefix));
    }

    /** What the browser's console said about the Content-Security-Policy since the last call: nothing, when the page keeps to it. */
    java.util.List<String> policyViolations() {
        driver.executeScript("console.error('tally-console-probe')");
        java.util.List<String> console = driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
        if (console.stream().noneMatch(m -> m.contains("tally-console-probe"))) {
            throw new IllegalStateException("the browser's console cannot be read: " + console);
        }
        return console.stream().filter(m -> m.contains("Content Security Policy")).toList();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
