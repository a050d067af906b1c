package dev.servermonitor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its own chromedriver (scripts/test.sh installs both): nothing
 * is downloaded. Screenshots go to {@code target/screenshots}, or to {@code -Dscreenshots.dir}
 * (docs/screenshots when refreshing the README's pictures).
 */
final class Browser implements AutoCloseable {

    private static final String AXE = axe();

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
        // the console's errors are read after each page (a page that logs one fails its test)
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
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
        try {
            return until(d -> {
                try {
                    var found = d.findElements(By.cssSelector(css));
                    return found.stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
                } catch (StaleElementReferenceException re) {
                    return null;
                }
            }, within);
        } catch (TimeoutException e) {
            // say what was there instead
            List<String> seen = driver.findElements(By.cssSelector(css)).stream().limit(5).map(WebElement::getText)
                    .toList();
            throw new TimeoutException("no " + css + " with \"" + text + "\" within " + within + "; there were " + seen,
                    e);
        }
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

    /** The browser console's errors since the last call (the log is drained as it is read). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** How far the page scrolls sideways, in CSS pixels: 0 when nothing overflows the viewport. */
    long horizontalOverflow() {
        return ((Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
    }

    /**
     * The elements that reach past the viewport's right edge and are not inside a box that scrolls or
     * clips (those are what make the page scroll sideways), with the viewport's width, to say what
     * overflows.
     */
    List<String> overflowing() {
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) driver.executeScript(
                """
                        const w = document.documentElement.clientWidth;
                        const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                            if (getComputedStyle(p).overflowX !== 'visible' && (getComputedStyle(e).position !== 'absolute' || getComputedStyle(p).position !== 'static')) return true; } return false; };
                        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                            + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
                        return ['viewport ' + w + ' px, page ' + document.documentElement.scrollWidth + ' px'].concat(
                            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e))
                            .slice(0, 8).map(e => name(e) + ' right=' + Math.round(e.getBoundingClientRect().right)));
                        """);
        return found;
    }

    /**
     * axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules),
     * one line each: rule, impact and the first elements it names. axe-core comes from the UI's npm dev
     * dependencies, so it is the locked version.
     */
    List<String> accessibilityViolations() {
        if ("undefined".equals(driver.executeScript("return typeof window.axe"))) {
            driver.executeScript(AXE + "\n;return true;");
        }
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                    resultTypes: ['violations'] })
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                      + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) result;
        return violations;
    }

    /**
     * What must hold on every page: nothing scrolls sideways, no serious accessibility violation, no
     * console error. A page that scrolls sideways is photographed to say how.
     */
    void assertClean(String page) {
        long overflow = horizontalOverflow();
        if (overflow > 0) {
            screenshot("overflow-" + page.replaceAll("[^A-Za-z0-9]+", "-"));
        }
        assertThat(overflow).as("sideways scroll on " + page + ": " + overflowing()).isLessThanOrEqualTo(0);
        assertThat(accessibilityViolations()).as("axe-core on " + page).isEmpty();
        assertThat(consoleErrors()).as("console errors on " + page).isEmpty();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axe() {
        try {
            return Files.readString(Path.of("..", "central-api", "src", "main", "webui", "node_modules", "axe-core",
                    "axe.min.js"));
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is installed by central-api's build (npm ci)", e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
