package dev.servermonitor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestSshServer;

/**
 * The fleet view, the server page and the pages around them as an operator of a larger fleet sees
 * them, in a real browser against the three packaged services: two servers polled for real (this
 * machine, through the in-process SSH server) among 520 that are data only (their host keys are not
 * trusted, so nothing ever connects to them), one of which has an open critical alert. Every page
 * is checked at desktop and phone widths: no sideways scrolling, no serious accessibility violation
 * (axe-core), no console error.
 */
class FleetViewIT {

    private static final String PASSWORD = "fleet-admin-password-1";
    private static final String SSH_PASSWORD = "fleet-ssh-password-1";
    private static final int DATA_ONLY = 520;
    private static final Duration LIVE = Duration.ofSeconds(30);

    private static Services services;
    private static TestSshServer sshd;
    private static Browser browser;
    private static long web;
    private static long alerting;
    private static String alertingName;
    private static String token;
    private static long lastDataOnly;

    @BeforeAll
    static void start() {
        sshd = TestSshServer.start(SSH_PASSWORD, null);
        services = new Services();
        HttpResponse<String> setup = services.api().request("POST", "/api/setup/initialize", null,
                "{\"username\":\"admin\",\"email\":\"admin@example.test\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(setup.statusCode()).as(setup.body()).isEqualTo(201);
        token = new JsonObject(setup.body()).getString("accessToken");
        web = server(token, "web-live", "127.0.0.1", sshd.port(), "monitor1", "prod", "web");
        trust(token, web);
        trust(token, server(token, "db-live", "127.0.0.1", sshd.port(), "monitor2", "prod", "db"));
        List<Long> data = new ArrayList<>();
        for (int i = 0; i < DATA_ONLY; i++) {
            data.add(server(token, String.format("node-%03d", i), "127.2." + i / 250 + "." + (i % 250 + 1), 22, "ops",
                    i % 2 == 0 ? "batch" : "staging"));
        }
        alerting = data.get(317);
        lastDataOnly = data.get(DATA_ONLY - 1);
        alertingName = "node-317";
        // what the monitor writes when a disk fills; this server is never polled, so nothing resolves it
        DbRows.execute(services.db, "insert into alerts (server_id, metric, severity, value, threshold, opened_at)"
                + " values (?, 'disk:/var', 'critical', 97.5, 95, now() - interval '5 minutes')", alerting);
        // samples node-000 left before its host key was reset: its sparkline is drawn from them
        for (int i = 1; i <= 10; i++) {
            DbRows.execute(services.db, "insert into metric_samples (server_id, ts, cpu, load1, load5, load15,"
                    + " mem_total, mem_used, mem_available, mem_percent, swap_total, swap_used, swap_percent, disks,"
                    + " uptime_seconds, processes) values (?, now() - make_interval(secs => ?), ?, 0, 0, 0, 100, 50,"
                    + " 50, 50, 0, 0, 0, '[]'::jsonb, 1, 1)", data.get(0), 25.0 * i, 5.0 * i);
        }
        browser = new Browser(1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (services != null) {
            services.close();
        }
        sshd.close();
    }

    @Test
    void anOperatorFindsSortsAndFiltersAFleetOf522ReadsAServerAndUsesEveryPageOnAnyScreen() throws Exception {
        Browser b = browser;
        b.driver.get(services.ui());
        b.waitForText("h1", "Sign in", LIVE);
        assertClean(b, "sign-in");
        b.type("#username", "admin");
        b.type("#password", PASSWORD);
        b.find("button[type=submit]").click();
        b.waitForText("h1", "Dashboard", LIVE);
        assertThat(b.driver.getTitle()).isEqualTo("Dashboard · Server Monitor");

        // the summary strip, live: both real servers come online
        b.waitForText("[data-summary=online] .count", "2", LIVE);
        assertThat(b.find("[data-summary=untrusted] .count").getText()).isEqualTo(String.valueOf(DATA_ONLY));
        b.waitForText("[data-summary=alerting] .count", "1", LIVE);
        assertThat(b.find("[data-summary=offline] .count").getText()).isEqualTo("0");
        assertThat(b.find("#fleet-count").getText()).isEqualTo("522 servers");

        // tiles: the alerting server first, framed as critical; a page of 50, not 522
        WebElement first = b.waitFor(".tiles .tile");
        assertThat(first.getAttribute("class")).contains("alert-critical");
        assertThat(first.getText()).contains(alertingName).contains("disk:/var 98 % over 95 %");
        assertThat(b.driver.findElements(By.cssSelector(".tiles .tile"))).hasSize(50);
        assertThat(b.find(".pager").getText()).contains("Page 1 of 11");
        b.screenshot("fleet-tiles");
        assertClean(b, "dashboard (tiles)");

        // the table: sortable columns
        b.click(".segmented button", "Table");
        b.waitFor("table.fleet tbody tr");
        assertThat(b.driver.findElements(By.cssSelector("table.fleet tbody tr"))).hasSize(50);
        assertThat(rowNames(b).get(0)).isEqualTo(alertingName);
        assertThat(b.find("table.fleet tbody tr").getAttribute("class")).isEqualTo("alert-critical");
        b.find("th[data-column=name] button").click();
        b.until(d -> rowNames(b).get(0).equals("db-live") ? true : null, LIVE);
        assertThat(b.find("th[data-column=name]").getAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(rowNames(b)).isSortedAccordingTo(Comparator.comparing(String::toLowerCase));
        // a server not streaming has the sparkline of its stored samples (ten, 25 s apart)
        assertThat(rowNames(b).get(1)).isEqualTo("node-000");
        b.until(d -> "10".equals(d.findElements(By.cssSelector("table.fleet tbody tr")).get(1)
                .findElement(By.cssSelector("svg.spark")).getAttribute("data-points")) ? true : null, LIVE);
        b.find("th[data-column=name] button").click();
        b.until(d -> rowNames(b).get(0).equals("web-live") ? true : null, LIVE);
        assertThat(rowNames(b)).isSortedAccordingTo(Comparator.comparing((String n) -> n.toLowerCase()).reversed());
        // by CPU, busiest first: the two polled servers lead (CPU is a rate: it needs two polls), the rest have none
        b.find("th[data-column=cpu] button").click();
        b.until(d -> cpuColumn(b).get(1).endsWith("%") ? true : null, LIVE);
        List<String> cpu = cpuColumn(b);
        assertThat(rowNames(b).subList(0, 2)).containsExactlyInAnyOrder("web-live", "db-live");
        assertThat(percentages(cpu.subList(0, 2))).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(cpu.subList(2, cpu.size())).containsOnly("–");

        // search by name, host or tag; filter by tag and by status (the summary strip is a filter too)
        b.type("#fleet-search", "db-");
        b.waitForText("#fleet-count", "1 of 522 servers", LIVE);
        assertThat(rowNames(b)).containsExactly("db-live");
        // (select and type over it, as a person does: clear() alone does not tell the page the field changed)
        b.find("#fleet-search").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "127.2.1.");
        b.waitForText("#fleet-count", "250 of 522 servers", LIVE);
        b.find("#fleet-search").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        b.find("#fleet-tag option[value=staging]").click();
        b.waitForText("#fleet-count", "260 of 522 servers", LIVE);
        b.find("#fleet-tag option[value='']").click();
        b.find("[data-summary=online]").click();
        b.waitForText("#fleet-count", "2 of 522 servers", LIVE);
        assertThat(b.driver.findElements(By.cssSelector("table.fleet tbody tr td:nth-child(2)")))
                .extracting(e -> e.getText().toLowerCase()).containsOnly("online");
        // each live row has a sparkline of its last minutes
        b.until(d -> d.findElements(By.cssSelector("table.fleet svg.spark")).stream()
                .allMatch(s -> Integer.parseInt(s.getAttribute("data-points")) >= 2) ? true : null, LIVE);
        assertThat(b.find("table.fleet svg.spark").getAttribute("aria-label")).contains("CPU now")
                .contains("memory now");
        b.screenshot("fleet-table");
        b.find("[data-summary=online]").click();
        b.waitForText("#fleet-count", "522 servers", LIVE);
        // a server deleted meanwhile leaves the view and the counts at once
        assertThat(services.api().request("DELETE", "/api/servers/" + lastDataOnly, token, null).statusCode())
                .isEqualTo(204);
        b.waitForText("#fleet-count", "521 servers", LIVE);
        b.waitForText("[data-summary=untrusted] .count", String.valueOf(DATA_ONLY - 1), LIVE);

        // paging, and what is remembered across a reload: the layout and the page size
        b.click(".pager button", "Next");
        b.waitForText(".pager", "Page 2 of 11", LIVE);
        b.find("#fleet-page-size option[value='250']").click();
        b.waitForText(".pager", "Page 1 of 3", LIVE);
        assertClean(b, "dashboard (table)");
        b.driver.navigate().refresh();
        b.waitFor("table.fleet tbody tr");
        b.waitForText(".pager", "Page 1 of 3", LIVE);
        assertThat(b.driver.findElements(By.cssSelector("table.fleet tbody tr"))).hasSize(250);

        // dark mode: the system's preference while none is chosen, then the toggle's, remembered
        b.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        b.until(d -> "dark".equals(b.driver.executeScript("return document.documentElement.dataset.theme"))
                ? true
                : null, LIVE);
        b.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        b.until(d -> "light".equals(b.driver.executeScript("return document.documentElement.dataset.theme"))
                ? true
                : null, LIVE);
        b.click(".top button.link", "Dark mode");
        assertThat(b.driver.executeScript("return document.documentElement.dataset.theme")).isEqualTo("dark");
        assertThat(b.driver.executeScript("return getComputedStyle(document.documentElement).backgroundColor"))
                .isEqualTo("rgb(13, 17, 23)");
        b.driver.navigate().refresh();
        b.waitFor("table.fleet tbody tr");
        assertThat(b.driver.executeScript("return document.documentElement.dataset.theme")).isEqualTo("dark");
        b.waitForText(".live", "live", LIVE);
        b.waitForText("[data-summary=alerting] .count", "1", LIVE);
        b.until(d -> cpuColumn(b).stream().anyMatch(c -> c.endsWith("%")) ? true : null, LIVE);
        b.screenshot("fleet-dark");
        assertClean(b, "dashboard in dark mode");
        b.click(".top button.link", "Light mode");
        assertThat(b.driver.executeScript("return document.documentElement.dataset.theme")).isEqualTo("light");

        // the keyboard: / searches, g s and g d jump, ? lists the keys, Escape closes the list
        b.find("h1").click();
        new Actions(b.driver).sendKeys("/").perform();
        assertThat(b.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("fleet-search");
        new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
        b.find("h1").click();
        new Actions(b.driver).sendKeys("gs").perform();
        b.waitForText("h1", "Servers", LIVE);
        new Actions(b.driver).sendKeys("gd").perform();
        b.waitForText("h1", "Dashboard", LIVE);
        new Actions(b.driver).sendKeys("?").perform();
        assertThat(b.waitFor("dialog.dialog").getText()).contains("Keyboard shortcuts").contains("Go to Servers");
        new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
        b.until(d -> d.findElements(By.cssSelector("dialog.dialog")).isEmpty() ? true : null, LIVE);

        serverPage(b);
        alertingServerPage(b);
        pagesAround(b);
        everyPageOnAPhone(b);
    }

    /** A polled server's page: its numbers now, charts with their values, zoom, processes, export. */
    private void serverPage(Browser b) throws IOException {
        b.driver.get(services.ui() + "servers/" + web);
        b.waitForText("h1", "web-live", LIVE);
        assertThat(b.driver.getTitle()).isEqualTo("web-live · Server Monitor");
        b.waitForText(".panel", "Disks", LIVE);
        b.waitForText(".panel", "CPU per core", LIVE);
        WebElement memoryNow = b.waitFor(".panel [role=meter][aria-label=Memory]");
        int memory = Integer.parseInt(memoryNow.getAttribute("aria-valuenow"));
        // every chart has points, and its legend shows the newest values without hovering
        for (String chart : List.of("CPU", "Memory and swap", "Load average", "Network", "CPU per core",
                "Disk use per mount")) {
            WebElement fig = b.until(d -> d.findElements(By.cssSelector("figure.chart")).stream()
                    .filter(f -> chart.equals(f.getAttribute("aria-label"))
                            && Integer.parseInt(f.getAttribute("data-points")) > 0)
                    .findFirst().orElse(null), LIVE);
            assertThat(fig.findElement(By.cssSelector(".u-legend")).getText()).as(chart).doesNotContain("–");
        }
        assertThat(legendValue(b, "Memory and swap", "Memory")).isCloseTo(memory, offset(5.0));
        assertThat(legend(b, "Load average").getText()).contains("1 min").contains("5 min").contains("15 min");

        // ranges, and drag to zoom into a custom one
        b.click(".ranges button", "15 min");
        b.waitForText("#range-words", "The last 15 min", LIVE);
        WebElement plot = b.until(d -> d.findElements(By.cssSelector("figure.chart[aria-label=CPU] .u-over")).stream()
                .findFirst().orElse(null), LIVE);
        new Actions(b.driver).moveToElement(plot, -100, 0).clickAndHold().moveByOffset(200, 0).release().perform();
        b.waitForText("#range-words", "From ", LIVE);
        b.click(".ranges button", "1 h");
        b.waitForText("#range-words", "The last 1 h", LIVE);

        // the top processes, by CPU and by memory, read from the server now
        b.waitFor("table.processes tbody tr");
        assertThat(b.find(".panel .hint").getText()).isNotBlank();
        b.click(".panel .segmented button", "By memory");
        b.until(d -> d.findElements(By.cssSelector("table.processes tbody tr")).size() >= 2 ? true : null, LIVE);

        // the samples of the range shown, as a file
        b.click(".history-tools button", "Export CSV");
        Path csv = b.until(d -> {
            try (var files = Files.list(b.downloads)) {
                return files.filter(f -> f.getFileName().toString().equals("server-" + web + "-stats.csv")).findFirst()
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        }, LIVE);
        List<String> lines = b.until(d -> {
            try {
                List<String> l = Files.readAllLines(csv);
                return l.size() >= 2 ? l : null;
            } catch (IOException e) {
                return null;
            }
        }, LIVE);
        assertThat(lines.get(0)).startsWith("ts,cpu,");
        assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        b.driver.executeScript("window.scrollTo(0, 0)");
        b.screenshot("server-detail");
        assertClean(b, "server page");
    }

    /**
     * A server with an open critical alert that is never polled: the alert, in words, and no charts.
     */
    private void alertingServerPage(Browser b) {
        b.driver.get(services.ui() + "servers/" + alerting);
        b.waitForText("h1", alertingName, LIVE);
        WebElement row = b.waitFor("table.alerts tbody tr");
        assertThat(row.getText()).contains("critical").contains("disk:/var").contains("98 %").contains("95 %")
                .contains("5 minutes ago").contains("open");
        assertThat(b.waitFor(".page-head .sev").getText()).isEqualTo("critical");
        b.waitForText("p.hint", "No samples in this range yet", LIVE);
        assertClean(b, "alerting server page");
    }

    /** The terminal's title, the audit log in words, roles explained. */
    private void pagesAround(Browser b) {
        b.driver.get(services.ui() + "terminal/" + web);
        b.waitForText(".live", "connected", LIVE);
        b.until(d -> d.getTitle().equals("monitor1@web-live · Server Monitor") ? true : null, LIVE);
        b.waitForText("h1", "monitor1@web-live", LIVE);
        assertClean(b, "terminal");
        b.driver.get(services.ui() + "profile");
        b.waitForText("h1", "Profile", LIVE);
        assertClean(b, "profile");

        b.driver.get(services.ui() + "audit");
        b.type("#audit-username", "ADMIN");
        b.type("#audit-action", "server.host_key_trust");
        b.find("form.filters button[type=submit]").click();
        WebElement trusted = b.waitForText("table.audit tbody tr", "server web-live (#" + web + ")", LIVE);
        assertThat(b.driver.findElements(By.cssSelector("table.audit tbody tr"))).hasSize(2);
        assertThat(b.driver.findElements(By.cssSelector("table.audit tbody tr td:nth-child(3)")))
                .extracting(WebElement::getText).containsOnly("admin");
        // the details as key and value, not JSON
        assertThat(trusted.findElements(By.cssSelector("dl.kv dt"))).isNotEmpty();
        assertThat(trusted.getText()).contains("server.host_key_trust").doesNotContain("{\"");
        assertClean(b, "audit log");

        // every page of the navigation at desktop width
        for (String page : List.of("Servers", "Tasks", "Sessions", "SSH keys", "Dashboard")) {
            b.click(".top nav > a", page);
            b.waitForText("h1", page.equals("Sessions") ? "Terminal sessions" : page, LIVE);
            assertClean(b, page);
        }

        b.driver.get(services.ui() + "users");
        b.waitFor("#nu-role");
        b.find("#nu-role option[value=auditor]").click();
        assertThat(b.waitFor("#nu-role-help").getText()).startsWith("auditor: reads and exports the audit log");
        assertClean(b, "users");
    }

    /**
     * At 390 px: the navigation is a menu that reaches every page, and no page scrolls sideways; then
     * 360 px and 4K.
     */
    private void everyPageOnAPhone(Browser b) {
        b.driver.manage().window().setSize(new Dimension(390, 844));
        b.driver.get(services.ui());
        b.waitForText("h1", "Dashboard", LIVE);
        assertThat(b.find("#main-nav").isDisplayed()).as("the menu is closed").isFalse();
        for (String page : List.of("Servers", "Tasks", "Audit log", "Sessions", "Users", "SSH keys", "Dashboard")) {
            b.click(".menu-button", "Menu");
            b.click("#main-nav > a", page);
            b.waitForText("h1", page.equals("Sessions") ? "Terminal sessions" : page, LIVE);
            assertThat(b.find("#main-nav").isDisplayed()).as("the menu closes on the way").isFalse();
            assertClean(b, page + " at 390 px");
        }
        b.driver.get(services.ui() + "servers/" + web);
        b.waitFor("figure.chart");
        b.waitFor("table.processes tbody tr");
        assertClean(b, "server page at 390 px");
        b.screenshot("server-phone");
        b.driver.get(services.ui());
        b.waitFor("[data-summary=online]");
        b.screenshot("fleet-phone");
        // the narrowest phone and a 4K screen: the fleet and a server page still fit
        for (Dimension size : List.of(new Dimension(360, 740), new Dimension(3840, 2160))) {
            b.driver.manage().window().setSize(size);
            b.driver.get(services.ui());
            b.waitFor("[data-summary=online]");
            assertClean(b, "dashboard at " + size.width + " px");
            b.driver.get(services.ui() + "servers/" + web);
            b.waitFor("figure.chart");
            assertClean(b, "server page at " + size.width + " px");
        }
        b.driver.manage().window().setSize(new Dimension(1280, 900));
    }

    private static void assertClean(Browser b, String page) {
        b.assertClean(page);
    }

    private static List<String> rowNames(Browser b) {
        return column(b, "td:first-child a");
    }

    private static List<String> cpuColumn(Browser b) {
        return column(b, "td:nth-child(3)");
    }

    /**
     * One column's texts read in one step: the table re-renders with every live update, and reading
     * cell by cell could mix two renders.
     */
    @SuppressWarnings("unchecked")
    private static List<String> column(Browser b, String cell) {
        return (List<String>) b.driver.executeScript("return [...document.querySelectorAll('table.fleet tbody tr "
                + cell + "')].map(e => e.textContent.trim())");
    }

    private static List<Double> percentages(List<String> cells) {
        return cells.stream().map(c -> Double.parseDouble(c.replace("%", "").strip())).toList();
    }

    private static WebElement legend(Browser b, String chart) {
        return b.find("figure.chart[aria-label='" + chart + "'] .u-legend");
    }

    /** The number a chart's legend shows for one series. */
    private static double legendValue(Browser b, String chart, String series) {
        for (WebElement row : legend(b, chart).findElements(By.cssSelector("tr.u-series"))) {
            if (row.findElement(By.cssSelector(".u-label")).getText().equals(series)) {
                return Double
                        .parseDouble(row.findElement(By.cssSelector(".u-value")).getText().replace("%", "").strip());
            }
        }
        throw new AssertionError("no series " + series + " in " + chart);
    }

    private static long server(String token, String name, String host, int port, String user, String... tags) {
        HttpResponse<String> r = services.api().request("POST", "/api/servers", token, new JsonObject(Map.of("name",
                name, "host", host, "port", port, "username", user, "tags", new JsonArray(List.of((Object[]) tags)),
                "credential", Map.of("password", SSH_PASSWORD))).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("id");
    }

    private static void trust(String token, long id) {
        HttpResponse<String> r = services.api().request("PUT", "/api/servers/" + id + "/host-key", token,
                "{\"fingerprint\":\"" + sshd.hostKeyFingerprint() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
