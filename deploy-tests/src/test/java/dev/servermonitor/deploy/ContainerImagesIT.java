package dev.servermonitor.deploy;

import static dev.servermonitor.deploy.Http.get;
import static dev.servermonitor.deploy.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestSshServer;

/**
 * The images scripts/build-images.sh builds, run with the real container runtime (podman) against
 * the real local PostgreSQL: each runs as a non-root user on a read-only root filesystem under a
 * 512 MiB limit, becomes ready, serves metrics on its management port only, and stops on SIGTERM
 * well within Kubernetes' grace period with the JVM's exit code for it (143) and no ERROR in its
 * log. Between the two, a user's first steps go through them ({@link UserFlow}) against a real
 * sshd, and every metric deploy/prometheus's rules and deploy/grafana's dashboards read must then
 * be exported.
 */
class ContainerImagesIT {

    /** service, public port, management port as the images declare them. */
    private static final String[][] SERVICES = {{"central-api", "9083", "9000"},
            {"terminal-gateway", "9084", "9001"}, {"websocket-monitor", "9085", "9002"}};

    private static List<String> tags;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImages() {
        tags = Images.built();
    }

    @AfterEach
    void removeContainers() {
        for (String c : containers) {
            podman("rm", "-f", "-t", "0", c);
        }
    }

    @Test
    void theScriptPrintsBothTagsOfEachService() {
        String version = tags.get(0).substring(tags.get(0).indexOf(':') + 1);
        assertThat(version).isNotBlank().isNotEqualTo("latest");
        List<String> expected = new ArrayList<>();
        for (String[] s : SERVICES) {
            expected.add("servermonitor/" + s[0] + ":" + version);
            expected.add("servermonitor/" + s[0] + ":latest");
        }
        assertThat(tags).containsExactlyElementsOf(expected);
    }

    @Test
    void everyImageRunsTheJvmAsANonRootUserWithItsPortsAndLabels() {
        String version = tags.get(0).substring(tags.get(0).indexOf(':') + 1);
        for (String[] s : SERVICES) {
            JsonObject config = new JsonArray(podman("image", "inspect", "servermonitor/" + s[0] + ":latest").ok()
                    .out()).getJsonObject(0).getJsonObject("Config");
            assertThat(config.getString("User")).as(s[0]).isEqualTo("10001:10001");
            assertThat(config.getJsonObject("ExposedPorts").fieldNames()).as(s[0])
                    .containsExactlyInAnyOrder(s[1] + "/tcp", s[2] + "/tcp");
            JsonObject labels = config.getJsonObject("Labels");
            assertThat(labels.getString("org.opencontainers.image.version")).isEqualTo(version);
            assertThat(labels.getString("org.opencontainers.image.title")).isEqualTo("servermonitor-" + s[0]);
            assertThat(labels.getString("org.opencontainers.image.revision")).isNotBlank();
            assertThat(labels.getString("org.opencontainers.image.source")).isNotBlank();
            List<Object> entrypoint = config.getJsonArray("Entrypoint").getList();
            // the JVM itself, no shell; the heap from the memory limit, never a fixed -Xmx
            assertThat(entrypoint.get(0)).isEqualTo("java");
            assertThat(entrypoint)
                    .contains("-XX:MaxRAMPercentage=75.0", "-XX:SharedArchiveFile=/deployments/app-cds.jsa")
                    .noneMatch(o -> o.toString().startsWith("-Xmx"));
        }
    }

    @Test
    void theThreeServicesRunReadOnlyUnderA512MiBLimitServeAUserAndStopOnSigterm() throws Exception {
        try (TestSshServer sshd = TestSshServer.start(UserFlow.sshPassword(), null)) {
            runTheThree(sshd);
        }
    }

    private void runTheThree(TestSshServer sshd) throws Exception {
        // an empty database, as on a fresh install: the flow starts at first-run setup
        DataSource db = TestDatabase.of("deploy");
        DbRows.execute(db, "drop schema if exists public cascade");
        DbRows.execute(db, "create schema public");
        Map<String, int[]> ports = new LinkedHashMap<>();
        for (String[] s : SERVICES) {
            ports.put(s[0], new int[]{freePort(), freePort()});
        }
        var manifests = Manifests.render("production");
        Map<String, Long> readyMs = new LinkedHashMap<>();
        for (String[] s : SERVICES) {
            int[] p = ports.get(s[0]);
            String name = "sm-it-" + s[0] + "-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network=host", "--read-only",
                    "--tmpfs", "/tmp:rw,size=64m", "--memory", "512m", "--cap-drop=ALL",
                    "--security-opt=no-new-privileges"));
            environment(s[0], p, ports.get("central-api")[0]).forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
            run.add("servermonitor/" + s[0] + ":latest");
            long t0 = System.nanoTime();
            podman(run.toArray(String[]::new)).ok();
            containers.add(name);
            awaitReady(name, p[0]);
            readyMs.put(s[0], (System.nanoTime() - t0) / 1_000_000);

            assertThat(podman("top", name, "huser").ok().out()).as("the process's user").contains("10001");
            // the probes deploy/k8s gives this service answer 200 on its public port
            var container = Manifests.named(manifests, "Deployment", s[0]).path("spec").path("template")
                    .path("spec").path("containers").get(0);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                assertThat(get(p[0], path).statusCode()).as("%s %s %s", s[0], probe, path).isEqualTo(200);
            }
            assertThat(get(p[0], "/q/metrics").statusCode()).as("metrics on the public port").isEqualTo(404);
            HttpResponse<String> metrics = get(p[1], "/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
        System.out.println("container start to /api/ready 200: " + readyMs);

        UserFlow flow = new UserFlow(ports.get("central-api")[0], ports.get("terminal-gateway")[0],
                ports.get("websocket-monitor")[0]);
        flow.run(sshd);

        // every metric deploy/prometheus's rules and deploy/grafana's dashboards read is exported (Prometheus
        // adds up); a session's end is counted once the gateway has closed it, so this may take a moment
        Set<String> wanted = new TreeSet<>(PrometheusRules.metricsRead());
        wanted.addAll(GrafanaDashboards.metricsRead());
        Set<String> exported = new TreeSet<>(Set.of("up"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .alias("metrics the rules and dashboards read").untilAsserted(() -> {
                    for (String[] s : SERVICES) {
                        get(ports.get(s[0])[0], "/api/ready"); // a request, so that the HTTP histogram has series
                        metricLines(ports.get(s[0])[1]).map(l -> l.split("[{ ]")[0]).forEach(exported::add);
                    }
                    assertThat(exported).containsAll(wanted);
                });
        // every meter is named: an unnamed Vert.x client's meters come out as m__current, m__queue_size, …
        assertThat(exported).noneMatch(n -> n.startsWith("m_"));
        // the fleet dashboard's series for the server the user added, under its id and name
        assertThat(metricLines(ports.get("websocket-monitor")[1]))
                .anyMatch(l -> l.startsWith("servermonitor_server_up{") && l.contains("server_id=\"" + flow.serverId
                        + "\"") && l.contains("server_name=\"flow-server\"") && l.endsWith(" 1.0"));
        assertThat(metricLines(ports.get("central-api")[1]))
                .anyMatch(l -> l.startsWith("servermonitor_logins_total{") && l.contains("outcome=\"success\"")
                        && l.contains("role=\"admin\""))
                .anyMatch(l -> l.startsWith("servermonitor_ssh_failures_total{")
                        && l.contains("purpose=\"host_key\"") && l.contains("reason=\"unreachable\""));

        for (String name : containers) {
            long t0 = System.nanoTime();
            podman("stop", "-t", "10", name).ok();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(stopMs).as("%s stopped within its 8 s drain", name).isLessThan(8_000);
            assertThat(podman("inspect", "--format", "{{.State.ExitCode}}", name).ok().out().trim())
                    .as("%s exit code after SIGTERM", name).isEqualTo("143");
            String log = logs(name);
            assertThat(log).as("%s log", name).doesNotContain("\"level\":\"ERROR\"").contains("stopped in");
        }
    }

    private static java.util.stream.Stream<String> metricLines(int managementPort)
            throws IOException, InterruptedException {
        return get(managementPort, "/q/metrics").body().lines().filter(l -> !l.startsWith("#") && !l.isBlank());
    }

    private static Map<String, String> environment(String service, int[] ports, int centralPort) {
        String central = "http://127.0.0.1:" + centralPort;
        Map<String, String> env = new LinkedHashMap<>(ServiceProcess.validSecrets());
        env.put("DB_HOST", System.getenv().getOrDefault("DB_HOST", "127.0.0.1"));
        env.put("DB_PORT", System.getenv().getOrDefault("DB_PORT", "5432"));
        env.put("DB_NAME", TestDatabase.name("deploy"));
        env.put("DB_USER", "servermonitor_test");
        env.put("DB_PASSWORD", "servermonitor_test");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports[0]));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ports[1]));
        env.put("CENTRAL_API_URL", central);
        // the browser console the user's sockets come from is central-api's own origin
        env.put("TERMINAL_ALLOWED_ORIGINS", UserFlow.origin(centralPort));
        env.put("MONITOR_ALLOWED_ORIGINS", UserFlow.origin(centralPort));
        env.put("MONITOR_POLL_INTERVAL", "1s");
        if (service.equals("terminal-gateway")) {
            // every statement is "slow" here, so that servermonitor_db_slow_queries_total has series to check
            env.put("DB_SLOW_QUERY_MS", "0");
        }
        return env;
    }

    private static void awaitReady(String name, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/api/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        throw new AssertionError(name + " was not ready within 60 s; log:\n" + logs(name));
    }

    /** A container's log: podman writes its stdout and stderr to ours, once each. */
    private static String logs(String name) {
        Podman.Result r = podman("logs", name);
        return r.out() + r.err();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
