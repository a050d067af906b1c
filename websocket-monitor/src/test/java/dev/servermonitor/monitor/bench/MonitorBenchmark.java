package dev.servermonitor.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.CentralApiResource;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.monitor.support.FakeHosts;

/**
 * The figures in docs/performance.md, on the packaged jars (not part of the normal test run; the
 * command is in docs/performance.md): the monitor's CPU while it polls 2,000 servers every 5 s, and
 * the delay from a sample being collected to a client receiving it with 10,000 sockets open and
 * 1,000 servers polled. The servers are {@link FakeHosts}: one in-process MINA sshd answering the
 * probe with a real /proc capture, so the SSH work on the monitor's side (a session per server, an
 * exec per poll) is the real thing.
 */
@Tag("benchmark")
class MonitorBenchmark {

    private static final String DATABASE = TestDatabase.name("websocket_monitor");
    private static final DataSource DB = TestDatabase.of("websocket_monitor");
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static Map<String, String> env;
    private static ServiceProcess api;
    private static FakeHosts hosts;
    private static String adminToken;

    @BeforeAll
    static void start() {
        env = new HashMap<>(ServiceProcess.validSecrets());
        // central-api first: on a fresh database (scripts/bench.sh) it is what migrates the schema
        api = ServiceProcess.start(CentralApiResource.JAR, DATABASE, env);
        api.awaitReady(Duration.ofSeconds(60));
        DbRows.execute(DB, "delete from metric_samples");
        DbRows.execute(DB, "delete from alerts");
        DbRows.execute(DB, "delete from servers");
        hosts = FakeHosts.start();
        long admin = TestUsers.create(DB, "admin");
        adminToken = token(admin, "admin");
    }

    @AfterAll
    static void stop() {
        api.close();
        hosts.close();
    }

    @Test
    void collectionOf2000ServersEvery5Seconds() throws Exception {
        servers(2000);
        try (ServiceProcess monitor = monitor(Map.of(), List.of("-Xmx1g"))) {
            long started = System.nanoTime();
            awaitOnline(monitor, 2000, Duration.ofMinutes(3));
            System.out.printf("collection: 2,000 servers online %.1f s after the monitor was ready%n",
                    (System.nanoTime() - started) / 1e9);
            Thread.sleep(20_000); // past the connection storm: steady state
            long polls0 = metric(monitor, "servermonitor_monitor_polls_total\\{result=\"ok\"");
            long[] cpu0 = cpu(monitor.pid());
            long machine0 = machineBusyTicks();
            long t0 = System.nanoTime();
            Thread.sleep(60_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = cpu(monitor.pid());
            long machine1 = machineBusyTicks();
            long polls = metric(monitor, "servermonitor_monitor_polls_total\\{result=\"ok\"") - polls0;
            double cores = (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / (double) TICKS_PER_SECOND / seconds;
            System.out.printf("collection: monitor %.2f cores busy (user %.2f, system %.2f) over %.0f s, %d polls"
                    + " (%.0f/s, %d failed), RSS %d MiB, whole machine %.2f cores busy%n", cores,
                    (cpu1[0] - cpu0[0]) / (double) TICKS_PER_SECOND / seconds,
                    (cpu1[1] - cpu0[1]) / (double) TICKS_PER_SECOND / seconds, seconds, polls, polls / seconds,
                    metric(monitor, "servermonitor_monitor_polls_total\\{result=\"failed\""), rssMiB(monitor.pid()),
                    (machine1 - machine0) / (double) TICKS_PER_SECOND / seconds);
            System.out.printf("collection: heap after GC %d MiB for 2,000 servers%n", heapAfterGcMiB(monitor.pid()));
            assertThat(polls / seconds).as("polls per second at 2,000 servers / 5 s").isGreaterThan(380);
        }
    }

    @Test
    void fanOutTo10000SocketsWith1000Servers() throws Exception {
        List<Long> ids = servers(1000);
        try (ServiceProcess monitor = monitor(Map.of("MONITOR_MAX_SOCKETS_PER_USER", "20000"),
                List.of("-Xmx1g"))) {
            awaitOnline(monitor, 1000, Duration.ofMinutes(2));
            long viewer = TestUsers.create(DB, "viewer");
            String token = token(viewer, "viewer");
            Receiver receiver = new Receiver();
            HttpClient client = HttpClient.newBuilder().executor(Runnable::run).build();
            Random random = new Random(7);
            List<WebSocket> sockets = new ArrayList<>();
            long opening = System.nanoTime();
            URI uri = URI.create("ws://127.0.0.1:" + monitor.port() + "/ws/monitor");
            for (int i = 0; i < 10_000; i += 100) {
                List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
                for (int j = 0; j < 100; j++) {
                    batch.add(client.newWebSocketBuilder().header("Origin", "http://bench.example")
                            .subprotocols("bearer-token-carrier", "bearer." + token).buildAsync(uri, receiver));
                }
                for (int j = 0; j < batch.size(); j++) {
                    WebSocket ws = batch.get(j).get(30, TimeUnit.SECONDS);
                    // most sockets watch a few servers (a server page, a team's tiles); ten watch everything
                    if (i + j >= 10) {
                        List<Long> few = new ArrayList<>();
                        for (int k = 0; k < 5; k++) {
                            few.add(ids.get(random.nextInt(ids.size())));
                        }
                        ws.sendText("{\"type\":\"subscribe\",\"serverIds\":" + few + "}", true);
                    }
                    sockets.add(ws);
                }
            }
            System.out.printf("fan-out: 10,000 sockets open in %.1f s; monitor heap after GC %d MiB%n",
                    (System.nanoTime() - opening) / 1e9, heapAfterGcMiB(monitor.pid()));
            Thread.sleep(15_000);
            receiver.reset();
            long[] cpu0 = cpu(monitor.pid());
            long t0 = System.nanoTime();
            Thread.sleep(60_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = cpu(monitor.pid());
            long[] latencies = receiver.latencies();
            Arrays.sort(latencies);
            System.out.printf("fan-out: %d stats messages in %.0f s (%.0f/s) to %d sockets; collected-to-received"
                    + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; monitor %.2f cores, RSS %d MiB; conflated %d%n",
                    latencies.length, seconds, latencies.length / seconds, sockets.size(), pct(latencies, 50),
                    pct(latencies, 99), latencies[latencies.length - 1] / 1e3,
                    (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / (double) TICKS_PER_SECOND / seconds,
                    rssMiB(monitor.pid()), metric(monitor, "servermonitor_monitor_conflated_messages_total"));
            assertThat(pct(latencies, 99)).as("p99 collected-to-received, ms").isLessThanOrEqualTo(250);
            for (WebSocket ws : sockets) {
                ws.abort();
            }
        }
    }

    /** Counts stats frames and how long each took from collection (its {@code ts}) to arrival. */
    private static final class Receiver implements WebSocket.Listener {

        private final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        private final AtomicLong frames = new AtomicLong();
        private volatile boolean recording;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            Instant now = Instant.now();
            frames.incrementAndGet();
            if (recording && last && data.length() > 20 && data.charAt(9) == 's' && data.charAt(10) == 't') {
                // {"type":"stats","serverId":…,"ts":"…"
                String s = data.toString();
                int at = s.indexOf("\"ts\":\"") + 6;
                Instant ts = Instant.parse(s.substring(at, s.indexOf('"', at)));
                micros.add(Duration.between(ts, now).toNanos() / 1_000);
            }
            return null;
        }

        void reset() {
            micros.clear();
            recording = true;
        }

        long[] latencies() {
            recording = false;
            return micros.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private static ServiceProcess monitor(Map<String, String> extra, List<String> jvm) {
        Map<String, String> e = new HashMap<>(env);
        e.put("CENTRAL_API_URL", "http://127.0.0.1:" + api.port());
        e.put("MONITOR_ALLOWED_ORIGINS", "http://bench.example");
        e.putAll(extra);
        ServiceProcess p = ServiceProcess.start(JAR, DATABASE, e, jvm);
        p.awaitReady(Duration.ofSeconds(60));
        return p;
    }

    /** {@code n} trusted servers on the fake hosts, made through central-api eight at a time. */
    private static List<Long> servers(int n) throws Exception {
        DbRows.execute(DB, "delete from servers");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> made = new ArrayList<>();
            long stamp = System.nanoTime() % 100_000;
            for (int i = 0; i < n; i++) {
                String user = "b" + stamp + "x" + i;
                made.add(pool.submit(() -> {
                    HttpResponse<String> r = api.request("POST", "/api/servers", adminToken, "{\"name\":\"bench "
                            + user + "\",\"host\":\"127.0.0.1\",\"port\":" + hosts.port() + ",\"username\":\"" + user
                            + "\",\"credential\":{\"password\":\"" + FakeHosts.PASSWORD + "\"}}");
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    long id = new JsonObject(r.body()).getLong("id");
                    HttpResponse<String> t = api.request("PUT", "/api/servers/" + id + "/host-key", adminToken,
                            "{\"fingerprint\":\"" + hosts.hostKeyFingerprint() + "\"}");
                    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
                    return id;
                }));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> f : made) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    private static void awaitOnline(ServiceProcess monitor, int n, Duration within) {
        long[] lastPrint = {System.nanoTime()};
        try {
            await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long online = metric(monitor, "servermonitor_monitor_servers\\{status=\"online\"");
                if (System.nanoTime() - lastPrint[0] > 10e9) {
                    lastPrint[0] = System.nanoTime();
                    System.out.printf("  online %d, offline %d, polls ok %d, failed %d%n", online,
                            metric(monitor, "servermonitor_monitor_servers\\{status=\"offline\""),
                            metric(monitor, "servermonitor_monitor_polls_total\\{result=\"ok\""),
                            metric(monitor, "servermonitor_monitor_polls_total\\{result=\"failed\""));
                }
                return online >= n;
            });
        } catch (RuntimeException e) {
            monitor.output().stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).skip(
                    Math.max(0, monitor.output().size() - 40)).forEach(System.out::println);
            throw e;
        }
    }

    /** A counter or gauge from the monitor's Prometheus page (the first series matching). */
    private static long metric(ServiceProcess p, String series) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.managementPort() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + series + "[^\\n]* ([0-9.E+]+)$").matcher(r.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** utime and stime of a process, in clock ticks. */
    private static long[] cpu(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    private static long machineBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length; i++) {
            if (i != 4 && i != 5) { // idle and iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    private static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** Heap in use right after a full GC (jcmd from the JDK running this test). */
    static long heapAfterGcMiB(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run").redirectErrorStream(true).start()
                .waitFor();
        Process info = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info")
                .redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes());
        Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    private static String token(long user, String role) {
        return TestTokens.sign(TestTokens.claims(user, TestUsers.username(DB, user), role), env.get("JWT_SECRET"));
    }

    private static double pct(long[] sortedMicros, int p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        return sortedMicros[Math.min(sortedMicros.length - 1, (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1)]
                / 1e3;
    }
}
