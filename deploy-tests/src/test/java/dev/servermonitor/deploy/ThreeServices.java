package dev.servermonitor.deploy;

import static dev.servermonitor.deploy.Http.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The three services as the deploy tests run them, whatever they run as (container images, native
 * executables): their ports, the environment a deployer gives them, and the metrics they must
 * export.
 */
final class ThreeServices {

    /** service, public port, management port as the images declare them. */
    static final String[][] SERVICES = {{"central-api", "9083", "9000"}, {"terminal-gateway", "9084", "9001"},
            {"websocket-monitor", "9085", "9002"}};

    private ThreeServices() {
    }

    /**
     * What a deployer sets for {@code service}: valid secrets, the database {@code database} (a name in
     * {@link TestDatabase}), the public and management ports, central-api's address and its origin for
     * the sockets, a one-second poll.
     */
    static Map<String, String> environment(String service, int[] ports, int centralPort, String database) {
        String central = "http://127.0.0.1:" + centralPort;
        Map<String, String> env = new LinkedHashMap<>(ServiceProcess.validSecrets());
        env.put("DB_HOST", System.getenv().getOrDefault("DB_HOST", "127.0.0.1"));
        env.put("DB_PORT", System.getenv().getOrDefault("DB_PORT", "5432"));
        env.put("DB_NAME", TestDatabase.name(database));
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

    /**
     * After {@code flow}: every metric deploy/prometheus's rules and deploy/grafana's dashboards read
     * is exported (Prometheus adds up), every meter is named, and the series of the user's steps are
     * there. {@code ports} maps each service to its public and management port.
     */
    static void assertEveryMetricReadIsExported(Map<String, int[]> ports, UserFlow flow) {
        Set<String> wanted = new TreeSet<>(PrometheusRules.metricsRead());
        wanted.addAll(GrafanaDashboards.metricsRead());
        Set<String> exported = new TreeSet<>(Set.of("up"));
        // a session's end is counted once the gateway has closed it, so this may take a moment
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
        try {
            // the fleet dashboard's series for the server the user added, under its id and name
            assertThat(metricLines(ports.get("websocket-monitor")[1])).anyMatch(l -> l.startsWith(
                    "servermonitor_server_up{") && l.contains("server_id=\"" + flow.serverId + "\"")
                    && l.contains("server_name=\"flow-server\"") && l.endsWith(" 1.0"));
            assertThat(metricLines(ports.get("central-api")[1]))
                    .anyMatch(l -> l.startsWith("servermonitor_logins_total{") && l.contains("outcome=\"success\"")
                            && l.contains("role=\"admin\""))
                    .anyMatch(l -> l.startsWith("servermonitor_ssh_failures_total{")
                            && l.contains("purpose=\"host_key\"") && l.contains("reason=\"unreachable\""));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Three started services: ports as in {@link #SERVICES}, processes in that order, and what starting
     * took: from launch to the first {@code /api/ready} 200, Quarkus's own "started in" (from its first
     * class to its sockets open), and the idle resident memory.
     */
    record Started(Map<String, int[]> ports, List<ServiceProcess> processes, Map<String, Long> readyMs,
            Map<String, String> startedIn, Map<String, Long> idleRssKib) {
    }

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+s)");

    /**
     * Starts the three one after the other against an emptied {@code database}, each on free ports with
     * the {@link #environment} a deployer gives it, through {@code launcher} (service, environment →
     * process), and waits until each answers {@code /api/ready} 200 before starting the next: from
     * launch to that answer is its start-to-ready time. Then, after two idle seconds, each one's
     * resident memory. {@code started} receives every process as soon as it exists, so the caller can
     * stop them whatever happens.
     */
    static Started startAll(String database, BiFunction<String, Map<String, String>, ServiceProcess> launcher,
            List<ServiceProcess> started) throws IOException, InterruptedException {
        Map<String, int[]> ports = freshInstall(database);
        Map<String, Long> readyMs = new LinkedHashMap<>();
        List<ServiceProcess> processes = new ArrayList<>();
        for (String[] s : SERVICES) {
            long t0 = System.nanoTime();
            ServiceProcess service = launcher.apply(s[0],
                    environment(s[0], ports.get(s[0]), ports.get("central-api")[0], database));
            started.add(service);
            processes.add(service);
            service.awaitReady(Duration.ofSeconds(60));
            readyMs.put(s[0], (System.nanoTime() - t0) / 1_000_000);
        }
        Thread.sleep(2_000); // idle: the monitor has no server yet, nothing is asked of the others
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, String> startedIn = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.length; i++) {
            rss.put(SERVICES[i][0], rssKib(processes.get(i).pid()));
            startedIn.put(SERVICES[i][0], processes.get(i).output().stream().map(STARTED_IN::matcher)
                    .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse("?"));
        }
        return new Started(ports, processes, readyMs, startedIn, rss);
    }

    /**
     * A fresh install: {@code database} emptied, so that a user's first steps start at first-run setup,
     * and a free public and management port for each of {@link #SERVICES}.
     */
    static Map<String, int[]> freshInstall(String database) throws IOException {
        DataSource db = TestDatabase.of(database);
        DbRows.execute(db, "drop schema if exists public cascade");
        DbRows.execute(db, "create schema public");
        Map<String, int[]> ports = new LinkedHashMap<>();
        for (String[] s : SERVICES) {
            ports.put(s[0], new int[]{freePort(), freePort()});
        }
        return ports;
    }

    private static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                .orElseThrow();
    }

    static Stream<String> metricLines(int managementPort) throws IOException, InterruptedException {
        return get(managementPort, "/q/metrics").body().lines().filter(l -> !l.startsWith("#") && !l.isBlank());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
