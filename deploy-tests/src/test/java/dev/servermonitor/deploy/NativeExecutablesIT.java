package dev.servermonitor.deploy;

import static dev.servermonitor.deploy.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestKeys;

/**
 * The native executables {@code package -Dnative} makes ({@code <service>/target/*-runner}), run as
 * processes against the real local PostgreSQL: each becomes ready and serves metrics on its
 * management port only; a user's first steps go through them ({@link UserFlow}) against Debian's
 * OpenSSH with an Ed25519 key from the vault; every metric the rules and dashboards read is
 * exported; SIGTERM ends each within its drain with the exit code for it (143) and no ERROR in its
 * log. Start-to-ready and idle RSS are printed for docs/performance.md. scripts/native-check.sh
 * builds the executables and runs this.
 */
@EnabledIfSystemProperty(named = "servermonitor.native", matches = "true", disabledReason = "needs the native executables: scripts/native-check.sh builds them and runs this test")
class NativeExecutablesIT {

    private final List<ServiceProcess> running = new ArrayList<>();

    @AfterEach
    void stopAll() {
        running.forEach(ServiceProcess::close);
    }

    @Test
    void theThreeExecutablesStartServeAUserOverOpenSshAndStopOnSigterm() throws Exception {
        TestKeys.Generated key = TestKeys.generate("ed25519", false, "");
        try (OpenSshServer sshd = OpenSshServer.start(key.publicKey())) {
            runTheThree(sshd, key);
        }
    }

    private void runTheThree(OpenSshServer sshd, TestKeys.Generated key) throws Exception {
        for (String[] s : ThreeServices.SERVICES) {
            try (InputStream in = Files.newInputStream(executable(s[0]))) {
                assertThat(in.readNBytes(4)).as("%s is a native executable (ELF), not a script or a jar", s[0])
                        .containsExactly(0x7f, 'E', 'L', 'F');
            }
        }
        ThreeServices.Started started = ThreeServices.startAll("native",
                (service, env) -> ServiceProcess.startNative(executable(service), TestDatabase.name("native"), env),
                running);
        Map<String, int[]> ports = started.ports();
        System.out.println("native start to /api/ready 200 (ms): " + started.readyMs());
        System.out.println("native Quarkus 'started in': " + started.startedIn());
        System.out.println("native idle RSS (KiB): " + started.idleRssKib());
        for (int i = 0; i < ThreeServices.SERVICES.length; i++) {
            String name = ThreeServices.SERVICES[i][0];
            int[] p = ports.get(name);
            assertThat(String.join("\n", running.get(i).output())).as("%s runs natively", name)
                    .contains(" native (powered by Quarkus");
            assertThat(get(p[0], "/api/health").statusCode()).isEqualTo(200);
            assertThat(get(p[0], "/q/metrics").statusCode()).as("metrics on the public port").isEqualTo(404);
            HttpResponse<String> metrics = get(p[1], "/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }

        // the web console is in the executable: the page and the script it loads
        HttpResponse<String> page = get(ports.get("central-api")[0], "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Server Monitor</title>");
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(page.body());
        assertThat(script.find()).as("the page's script in %s", page.body()).isTrue();
        HttpResponse<String> js = get(ports.get("central-api")[0], script.group(1));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).hasSizeGreaterThan(10_000);

        UserFlow flow = new UserFlow(ports.get("central-api")[0], ports.get("terminal-gateway")[0],
                ports.get("websocket-monitor")[0]);
        flow.runWithVaultKey(sshd, key);

        ThreeServices.assertEveryMetricReadIsExported(ports, flow);

        for (int i = 0; i < running.size(); i++) {
            ServiceProcess service = running.get(i);
            String name = ThreeServices.SERVICES[i][0];
            long t0 = System.nanoTime();
            service.terminate();
            Integer exit = service.awaitExit(Duration.ofSeconds(10));
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(exit).as("%s exit code after SIGTERM", name).isEqualTo(143);
            assertThat(stopMs).as("%s stopped within its 8 s drain", name).isLessThan(8_000);
            String log = String.join("\n", service.output());
            assertThat(log).as("%s log", name).doesNotContain("\"level\":\"ERROR\"").contains("stopped in");
        }
    }

    /** {@code <service>/target/<service>-<version>-runner}, from the checkout this module is in. */
    private static Path executable(String service) {
        Path target = Path.of("..", service, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(service + "-.*-runner")).findFirst()
                    .orElseThrow(() -> new AssertionError("no native executable in " + target.toAbsolutePath()
                            + ": run scripts/native-check.sh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
