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

    final ChromeDriver driver;
    private final URL base;

    Browser(URL base) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1000");
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
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(button));
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
