package dev.servermonitor.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its own chromedriver (scripts/test.sh installs both): nothing
 * is downloaded. Screenshots go to {@code target/screenshots}, or to {@code -Dscreenshots.dir}
 * (docs/screenshots when refreshing the README's pictures).
 */
final class Browser implements AutoCloseable {

    final ChromeDriver driver;
    /** Where the browser saves downloads (the audit exports). */
    final Path downloads;
    private final Path screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    Browser(int width, int height) {
        try {
            downloads = Files.createDirectories(Path.of("target", "downloads")).toAbsolutePath();
            try (var old = Files.list(downloads)) {
                for (Path f : old.toList()) {
                    Files.delete(f); // a file of an earlier run must not pass for this run's download
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        // headless Chromium ignores the download preference unless told over DevTools
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", false));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    void type(String css, String text) {
        WebElement e = waitFor(css);
        e.clear();
        e.sendKeys(text);
    }

    WebElement waitFor(String css) {
        return until(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, Duration.ofSeconds(20));
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    WebElement waitForText(String css, String text, Duration within) {
        return until(d -> {
            try {
                var found = d.findElements(By.cssSelector(css));
                return found.stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
            } catch (StaleElementReferenceException re) {
                return null;
            }
        }, within);
    }

    /**
     * Clicks the first element matching {@code css} whose text contains {@code text}, once it is there.
     */
    void click(String css, String text) {
        until(d -> {
            try {
                for (WebElement e : d.findElements(By.cssSelector(css))) {
                    if (e.getText().contains(text) && e.isDisplayed() && e.isEnabled()) {
                        e.click();
                        return true;
                    }
                }
            } catch (StaleElementReferenceException re) {
                // the page re-rendered between finding and clicking: look again
            }
            return null;
        }, Duration.ofSeconds(20));
    }

    <T> T until(ExpectedCondition<T> condition, Duration within) {
        return new WebDriverWait(driver, within, Duration.ofMillis(100)).until(condition);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
