package dev.servermonitor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestSshServer;

/**
 * What a new user does first, in a real browser against the three packaged services, a real
 * Postgres and an in-process SSH server (its exec runs this machine's /bin/sh, so the monitor reads
 * this machine's real /proc): first-run setup, sign out and in (a wrong password first), add a
 * server (a bad host first), fetch and trust its host key, and watch its tile go online with
 * numbers.
 */
class BrowserFlowIT {

    private static final String PASSWORD = "e2e-admin-password-1";
    private static final String SSH_PASSWORD = "e2e-ssh-password-1";
    private static final Duration LIVE = Duration.ofSeconds(30);

    private static Services services;
    private static TestSshServer sshd;
    private static Browser browser;

    @BeforeAll
    static void start() {
        sshd = TestSshServer.start(SSH_PASSWORD, null);
        services = new Services();
        browser = new Browser(1280, 800);
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
    void aNewUserSetsUpAddsAServerWatchesItTypesRunsTasksAndAuditsIt() {
        Browser b = browser;
        b.driver.get(services.ui());

        // first run: no user exists, so the page offers to create the administrator
        b.waitForText("h1", "Create the first administrator", LIVE);
        b.type("#setup-email", "admin@example.test");
        b.type("#setup-password", PASSWORD);
        b.type("#setup-repeat", PASSWORD);
        b.screenshot("setup");
        b.find("button[type=submit]").click();
        b.waitForText("h1", "Dashboard", LIVE);
        b.waitForText(".live", "live", LIVE);
        // an empty fleet says so and offers the way to the first server
        b.waitForText(".empty-fleet", "No servers yet", LIVE);
        b.click(".empty-fleet button", "Add your first server");
        b.waitForText("h1", "Servers", LIVE);
        b.waitFor("#srv-name");
        b.click(".top nav a", "Dashboard");
        b.waitForText(".empty-fleet", "No servers yet", LIVE);

        // sign out, then in: a wrong password is refused in words, the right one lets in
        b.click(".top button.link", "Sign out");
        b.waitForText("h1", "Sign in", LIVE);
        // guessing: after five failures for one name from one address, the sixth is told to wait
        b.type("#username", "ghost");
        for (int i = 0; i < 6; i++) {
            b.type("#password", "guess-" + i);
            b.find("button[type=submit]").click();
            b.until(d -> d.findElements(By.cssSelector("button[type=submit]:not([disabled])")).isEmpty() ? null : true,
                    LIVE);
        }
        assertThat(b.waitForText(".error", "Too many failed sign-ins", LIVE).getText()).contains("Try again in");
        b.type("#username", "admin");
        b.type("#password", "not-the-password");
        b.find("button[type=submit]").click();
        assertThat(b.waitFor(".error").getText()).isEqualTo("Invalid username or password");
        b.screenshot("login");
        b.type("#password", PASSWORD);
        b.find("button[type=submit]").click();
        b.waitForText("h1", "Dashboard", LIVE);

        // add a server: the API's validation message shows at the form, on the field it names
        b.click(".top nav a", "Servers");
        b.waitForText("h1", "Servers", LIVE);
        b.type("#srv-name", "web-1");
        b.type("#srv-host", "bad host;rm");
        b.type("#srv-port", String.valueOf(sshd.port()));
        b.type("#srv-user", "monitor");
        b.type("#srv-password", SSH_PASSWORD);
        b.find("form button[type=submit]").click();
        assertThat(b.waitFor("#add-error").getText()).startsWith("host");
        assertThat(b.find("#srv-host").getAttribute("aria-invalid")).isEqualTo("true");
        b.type("#srv-host", "127.0.0.1");
        b.find("form button[type=submit]").click();
        WebElement row = b.waitForText("table.list tbody tr", "web-1", LIVE);
        assertThat(row.getText()).contains("monitor@127.0.0.1:" + sshd.port()).contains("password");

        // the host key: shown for comparison, then trusted
        b.click("table.list button", "Fetch host key");
        assertThat(b.waitFor("code.fingerprint").getText()).isEqualTo(sshd.hostKeyFingerprint());
        b.screenshot("servers");
        b.click("table.list button", "Trust this key");
        b.waitForText("table.list .trusted", "trusted", LIVE);

        // edit: a new name, the stored password kept, the trusted key kept (same host and port)
        b.click("table.list button", "Edit");
        b.type("#srv-name", "web-1 (prod)");
        b.click("form button[type=submit]", "Save");
        b.waitForText("table.list tbody tr", "web-1 (prod)", LIVE);
        assertThat(b.waitForText("table.list tbody tr", "web-1 (prod)", LIVE).getText()).contains("trusted");

        // the dashboard: the tile goes online with this machine's numbers
        b.click(".top nav a", "Dashboard");
        b.waitForText(".tile.online", "web-1", LIVE);
        // CPU needs two polls (it is a rate); memory comes with the first
        b.until(d -> d.findElements(By.cssSelector(".tile.online [role=meter][aria-valuenow]")).size() >= 3
                ? true
                : null, LIVE);
        String tile = b.waitForText(".tile.online", "web-1", LIVE).getText();
        assertThat(tile).contains("CPU", "Memory", "Disk /", "Load", "Uptime").containsIgnoringCase("online")
                .doesNotContain("–");
        b.screenshot("dashboard");

        // its server page: live numbers, the history chart from the monitor, the connection test
        b.click(".tile h2 a", "web-1");
        b.waitForText("h1", "web-1", LIVE);
        b.waitForText("dl.live-numbers", "Processes", LIVE);
        b.until(d -> {
            if (!d.findElements(By.cssSelector(".chart .uplot")).isEmpty()) {
                return true;
            }
            // pressing the range again reloads it: the first samples are stored within a second or two
            d.findElements(By.cssSelector(".page-head button")).stream().filter(e -> e.getText().equals("1 h"))
                    .findFirst().ifPresent(WebElement::click);
            return null;
        }, LIVE);
        b.click(".page-head button", "Test connection");
        b.waitForText(".page-head [role=status]", "connected in", LIVE);
        b.screenshot("server");

        // the terminal: a real shell on the server; the answer is computed there, so it is not the typed echo
        b.click(".top nav a", "Servers");
        b.click("table.list button", "Terminal");
        b.waitForText(".live", "connected", LIVE);
        // keys go where a user's go: click into the terminal, then type (xterm reads a hidden textarea)
        b.waitFor(".xterm-screen").click();
        new Actions(b.driver).sendKeys("echo ok-$((40+2))\n").perform();
        b.waitForText(".xterm-rows", "ok-42", LIVE);
        b.screenshot("terminal");

        // a task and its output
        b.click(".top nav a", "Tasks");
        b.type("#task-command", "echo task-$((6*7))");
        b.find("form button[type=submit]").click();
        b.waitForText(".task-detail .task-status", "success", LIVE);
        assertThat(b.waitForText("#task-stdout", "task-42", LIVE).getText()).isEqualTo("task-42");
        b.screenshot("tasks");

        // a command the policy blocks: refused with the reason, nothing queued
        b.type("#task-command", "rm -rf /");
        b.find("form button[type=submit]").click();
        WebElement refusal = b.waitFor("#task-refusal");
        assertThat(refusal.getText()).startsWith("Blocked by the safety policy").contains("rule");
        // plain text: the command in quotes, no Markdown backticks
        assertThat(b.find(".policy-reason").getText()).contains("“rm -rf /”").doesNotContain("`");

        // the audit log shows all of it, and exports it
        b.click(".top nav a", "Audit log");
        for (String action : new String[]{"setup.initialize", "auth.login_failed", "server.create",
                "server.host_key_trust", "terminal.open", "task.create", "task.blocked"}) {
            b.waitForText("table.audit tbody tr", action, LIVE);
        }
        b.screenshot("audit");
        b.click(".page-head button", "Export CSV");
        Path csv = b.until(d -> {
            try (var files = Files.list(b.downloads)) {
                return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        }, LIVE);
        String exported = readWhenComplete(csv);
        assertThat(exported.lines().findFirst().orElseThrow()).contains("action");
        assertThat(exported).contains("task.blocked").contains("server.host_key_trust");

        // the terminal session from before, with its recording
        b.click(".top nav a", "Sessions");
        b.waitForText("table.list tbody tr", "web-1", LIVE);
        b.click("table.list button", "Replay");
        // what was typed and answered plays back as text: a player that cannot run (a CSP without
        // 'wasm-unsafe-eval') stays black, and this fails
        b.waitForText(".ap-player", "ok-42", LIVE);
        b.screenshot("sessions");

        // weeks later the retention has removed the recording and the task's output (what its cleanup
        // leaves, written here: it acts on rows days old): the records stay and say so
        DbRows.execute(services.db, "delete from terminal_recording_chunks");
        DbRows.execute(services.db, "update terminal_sessions set recording_removed_at = now()");
        long task = ((Number) DbRows.query(services.db, "select id from tasks where command = ?",
                "echo task-$((6*7))").get(0).get("id")).longValue();
        DbRows.execute(services.db, "update tasks set stdout = null, stderr = null, output_removed_at = now()"
                + " where id = ?", task);
        b.click(".top nav a", "Dashboard");
        b.click(".top nav a", "Sessions");
        WebElement session = b.waitForText("table.list tbody tr", "recording removed", LIVE);
        assertThat(session.getText()).contains("web-1").doesNotContain("Replay");
        b.click(".top nav a", "Tasks");
        b.click("tr[data-task-id='" + task + "'] button", String.valueOf(task));
        b.waitForText(".task-detail", "Output removed by retention on", LIVE);
        assertThat(b.find("#task-stdout").getText()).isEmpty();

        // a viewer, made on the users page, is offered only what a viewer may do
        b.click(".top nav a", "Users");
        b.type("#nu-name", "viewer1");
        b.type("#nu-email", "viewer1@example.test");
        b.type("#nu-password", "viewer-password-1");
        b.find("#nu-role option[value=viewer]").click();
        b.find("form button[type=submit]").click();
        b.waitForText("table.list tbody tr", "viewer1", LIVE);
        b.click(".top button.link", "Sign out");
        b.type("#username", "viewer1");
        b.type("#password", "viewer-password-1");
        b.find("button[type=submit]").click();
        b.waitForText(".tile.online", "web-1", LIVE);
        assertThat(b.driver.findElements(By.cssSelector(".top nav > a")).stream().map(WebElement::getText).toList())
                .containsExactly("Dashboard", "Servers");
        b.click(".top nav a", "Servers");
        b.waitForText("table.list tbody tr", "web-1", LIVE);
        assertThat(b.driver.findElements(By.id("srv-name"))).as("no add form for a viewer").isEmpty();

        // the dashboard on a phone-width screen
        b.click(".top nav a", "Dashboard");
        b.driver.manage().window().setSize(new Dimension(390, 844));
        b.waitForText(".tile.online", "web-1", LIVE);
        b.screenshot("dashboard-phone");
    }

    /** The file's text once Chromium has finished writing it. */
    private static String readWhenComplete(Path file) {
        return browser.until(d -> {
            try {
                String text = Files.readString(file);
                return text.contains("task.blocked") ? text : null;
            } catch (IOException e) {
                return null;
            }
        }, LIVE);
    }
}
