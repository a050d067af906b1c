package dev.servermonitor.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.CentralApiResource;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;
import dev.servermonitor.gateway.terminal.TerminalClient.TokenIn;

/**
 * The figures in docs/performance.md, on the packaged jars (not part of the normal test run; the
 * command is in docs/performance.md). Throughput and keystroke echo are compared with OpenSSH's own
 * {@code ssh -tt} to the same sshd; idle sessions run against an in-process MINA sshd.
 */
@Tag("benchmark")
class TerminalBenchmark {

    private static final String DATABASE = TestDatabase.name("terminal_gateway");
    private static final String FLOOD = "head -c 104857600 /dev/zero | base64";
    /** What the flood prints at least: 100 MiB in base64 (its line ends come on top). */
    private static final long FLOOD_BYTES = 104857600L / 3 * 4;
    private static final byte[] DONE = "BENCH-2-DONE".getBytes(StandardCharsets.US_ASCII);

    private static final DataSource DB = TestDatabase.of("terminal_gateway");
    /**
     * Keystrokes before measuring ({@code -Dbenchmark.warmup}, 3,000 as issue 17 measures): both JVMs
     * compile some of the hot path first, as a gateway that has been typed into for a minute has.
     */
    private static final int WARM_UP = Integer.getInteger("benchmark.warmup", 3000);
    /**
     * Keystrokes measured per run ({@code -Dbenchmark.samples}): 10,000 make a p99.9 of ten samples.
     */
    private static final int SAMPLES = Integer.getInteger("benchmark.samples", 10000);
    private static Map<String, String> env;
    private static TestKeys.Generated key;
    private static Path keyFile;
    private static OpenSshServer sshd;
    private static ServiceProcess api;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        env = new HashMap<>(ServiceProcess.validSecrets());
        key = TestKeys.generate("ed25519", false, "");
        keyFile = Files.createTempFile("bench-key", "");
        Files.writeString(keyFile, key.privateKey());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        sshd = OpenSshServer.start(key.publicKey());
        api = ServiceProcess.start(CentralApiResource.JAR, DATABASE, env);
        api.awaitReady(Duration.ofSeconds(60));
    }

    /** A user per test: sessions a stopped gateway left open must not count against the next test's. */
    @BeforeEach
    void freshUser() {
        long admin = TestUsers.create(DB, "admin");
        token = TestTokens.sign(TestTokens.claims(admin, TestUsers.username(DB, admin), "admin"),
                env.get("JWT_SECRET"));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        sshd.close();
        Files.deleteIfExists(keyFile);
    }

    @Test
    void outputThroughputAgainstDirectSsh() throws Exception {
        long server = openSshServer();
        for (String recording : List.of("false", "true")) {
            try (ServiceProcess gw = gateway(Map.of("TERMINAL_RECORDING_ENABLED", recording), gatewayJvm())) {
                URI uri = URI.create("http://127.0.0.1:" + gw.port() + "/");
                gatewayThroughput(uri, server); // warm-up: the gateway's hot path compiled, as in a running one
                double[] ratios = new double[5];
                for (int run = 0; run < ratios.length; run++) {
                    double direct = directThroughput();
                    double via = gatewayThroughput(uri, server);
                    ratios[run] = via / direct;
                    System.out.printf("throughput (recording %s) run %d: direct ssh -tt %.1f MiB/s, gateway %.1f MiB/s,"
                            + " ratio %.2f%n", recording, run + 1, direct, via, ratios[run]);
                }
                Arrays.sort(ratios);
                System.out.printf("throughput (recording %s): median ratio %.2f%n", recording,
                        ratios[ratios.length / 2]);
            }
        }
    }

    @Test
    void keystrokeEchoRoundTripAgainstDirectSsh() throws Exception {
        long server = openSshServer();
        // -Dbenchmark.gateway.env="NAME=value ..." and -Dbenchmark.gateway.jvm="-X..." try other settings
        Map<String, String> settings = new HashMap<>();
        for (String setting : System.getProperty("benchmark.gateway.env", "").split("\\s+")) {
            if (setting.contains("=")) {
                settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        List<String> jvm = gatewayJvm();
        System.out.printf("echo: %d warm-up strokes, %d measured per run, gateway settings %s, JVM %s%n", WARM_UP,
                SAMPLES, settings, jvm);
        try (ServiceProcess gw = gateway(settings, jvm)) {
            URI uri = URI.create("http://127.0.0.1:" + gw.port() + "/");
            for (int run = 1; run <= 2; run++) {
                long[] direct = directEcho(SAMPLES);
                long[] via = gatewayEcho(uri, server, SAMPLES);
                System.out.printf("echo run %d: direct p50 %.3f ms p99 %.3f ms p99.9 %.3f ms; gateway p50 %.3f ms"
                        + " p99 %.3f ms p99.9 %.3f ms; p99 difference %.3f ms%n", run, pct(direct, 50), pct(direct, 99),
                        pct(direct, 99.9), pct(via, 50), pct(via, 99), pct(via, 99.9), pct(via, 99) - pct(direct, 99));
            }
        }
    }

    @Test
    void heapPerIdleSession() throws Exception {
        int sessions = 1000;
        try (EchoSshServer mina = new EchoSshServer(TerminalFixtures.SSH_PASSWORD);
                ServiceProcess gw = gateway(Map.of("TERMINAL_MAX_SESSIONS_PER_USER", "5000", "TERMINAL_MAX_SESSIONS",
                        "5000", "TERMINAL_RECORDING_ENABLED", "true"), List.of("-Xmx2g"))) {
            long server = server(mina.port(), "b" + UUID.randomUUID().toString().substring(0, 8),
                    "{\"password\":\"" + TerminalFixtures.SSH_PASSWORD + "\"}", mina.hostKeyFingerprint());
            URI uri = URI.create("http://127.0.0.1:" + gw.port() + "/");
            warmUp(uri, server);
            long before = heapAfterGc(gw);
            List<TerminalClient> open = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int batch = 0; batch < sessions / 50; batch++) {
                List<TerminalClient> now = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    now.add(TerminalClient.to(uri, server).token(token, TokenIn.HEADER).origin(null).connect());
                }
                now.forEach(TerminalClient::awaitConnected);
                open.addAll(now);
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(2000);
            long after = heapAfterGc(gw);
            long rss = rssKiB(gw.pid());
            // every session still answers
            TerminalClient probe = open.get(open.size() / 2);
            probe.type("alive-probe");
            probe.awaitOutput("alive-probe", Duration.ofSeconds(10));
            System.out.printf(
                    "idle: %d sessions opened in %.1f s; heap after GC %d KiB -> %d KiB: %.1f KiB per session;"
                            + " gateway RSS %d MiB%n",
                    sessions, openSeconds, before / 1024, after / 1024,
                    (after - before) / 1024.0 / sessions, rss / 1024);
            assertThat(after - before).isLessThan(sessions * 1024L * 1024L);
            open.forEach(TerminalClient::close);
        }
    }

    // ---- throughput ----

    private static double directThroughput() throws Exception {
        Process p = ssh(FLOOD).start();
        long t0 = System.nanoTime();
        long n = 0;
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int r;
            while ((r = in.read(buf)) >= 0) {
                n += r;
            }
        }
        p.waitFor();
        return mibPerSecond(n, t0);
    }

    /**
     * Output through the gateway, read by {@link BlockingTerminalSocket} on this thread (the client
     * does little more than {@code ssh -tt}'s reader beside it: it reads frames and looks for the end
     * marker).
     */
    private static double gatewayThroughput(URI uri, long server) throws Exception {
        try (BlockingTerminalSocket ws = new BlockingTerminalSocket(uri.getPort(), server, token)) {
            while (ws.readFrame() || !ws.text().contains("connected")) {
                // the shell's first output, until the gateway says the session is up
            }
            Thread.sleep(500);
            while (ws.ready()) {
                ws.readFrame(); // the prompt
            }
            long t0 = System.nanoTime();
            ws.sendBinary((FLOOD + "; echo BENCH-$((1+1))-DONE\n").getBytes(StandardCharsets.UTF_8));
            long bytes = 0;
            byte[] tail = new byte[0];
            while (true) {
                if (!ws.readFrame()) {
                    continue;
                }
                bytes += ws.length;
                // the end marker comes with the prompt after it, and may straddle two frames
                int k = Math.min(ws.length, 256);
                byte[] window = new byte[tail.length + k];
                System.arraycopy(tail, 0, window, 0, tail.length);
                System.arraycopy(ws.payload, ws.length - k, window, tail.length, k);
                if (TerminalTest.indexOf(window, DONE) >= 0) {
                    break;
                }
                tail = Arrays.copyOfRange(window, Math.max(0, window.length - DONE.length), window.length);
            }
            return mibPerSecond(bytes, t0);
        }
    }

    private static double mibPerSecond(long bytes, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (bytes < FLOOD_BYTES) {
            throw new IllegalStateException("the flood came out short: " + bytes + " bytes");
        }
        return bytes / 1048576.0 / seconds;
    }

    // ---- keystroke echo ----

    private static long[] directEcho(int samples) throws Exception {
        Process p = ssh(null).start();
        InputStream stdout = p.getInputStream();
        OutputStream stdin = p.getOutputStream();
        byte[] buf = new byte[8192];
        long[] result = measure(samples, new Terminal() {

            @Override
            public void send(byte[] b) throws Exception {
                stdin.write(b);
                stdin.flush();
            }

            @Override
            public boolean ready() throws Exception {
                return stdout.available() > 0;
            }

            @Override
            public int readEchoes() throws Exception {
                int r = stdout.read(buf);
                if (r < 0) {
                    throw new IllegalStateException("ssh -tt ended");
                }
                return xs(buf, r);
            }
        });
        p.destroy();
        return result;
    }

    private static long[] gatewayEcho(URI uri, long server, int samples) throws Exception {
        try (BlockingTerminalSocket ws = new BlockingTerminalSocket(uri.getPort(), server, token)) {
            return measure(samples, new Terminal() {

                @Override
                public void send(byte[] b) throws Exception {
                    ws.sendBinary(b);
                }

                @Override
                public boolean ready() throws Exception {
                    return ws.ready();
                }

                @Override
                public int readEchoes() throws Exception {
                    if (ws.readFrame()) {
                        return xs(ws.payload, ws.length);
                    }
                    if (ws.text().contains("\"error\"")) {
                        throw new IllegalStateException("the gateway refused: " + ws.text());
                    }
                    return 0;
                }
            });
        }
    }

    /**
     * A terminal the measuring thread types into and reads from itself: no thread hop of the client's
     * own between an echo arriving and the clock stopping, the same for {@code ssh -tt} and the
     * gateway.
     */
    interface Terminal {

        void send(byte[] b) throws Exception;

        /** Whether output has arrived that {@link #readEchoes} would return without waiting. */
        boolean ready() throws Exception;

        /** Reads what output there is (waiting for some); how many 'x' it held. */
        int readEchoes() throws Exception;
    }

    /**
     * Sends 'x' and waits for its echo, {@code samples} times after {@link #WARM_UP} warm-up strokes;
     * nanoseconds each. Output that arrived before a stroke (a prompt, Ctrl-U's redraw) is read first,
     * so only output after the stroke counts as its echo.
     */
    private static long[] measure(int samples, Terminal terminal) throws Exception {
        Thread.sleep(1500); // the login shell draws its prompt
        long[] took = new long[samples];
        for (int i = -WARM_UP; i < samples; i++) {
            if ((i + WARM_UP) % 40 == 0) {
                terminal.send(new byte[]{0x15}); // Ctrl-U: keep the line short
                Thread.sleep(30);
            }
            while (terminal.ready()) {
                terminal.readEchoes();
            }
            long t0 = System.nanoTime();
            terminal.send(new byte[]{'x'});
            while (terminal.readEchoes() == 0) {
                // output without the echo (an escape sequence)
            }
            if (i >= 0) {
                took[i] = System.nanoTime() - t0;
            }
        }
        int slowAfterKill = 0;
        int slow = 0;
        for (int i = 0; i < samples; i++) {
            if (took[i] > 2_000_000) {
                slow++;
                if ((i + WARM_UP) % 40 == 0) {
                    slowAfterKill++;
                }
            }
        }
        System.out.printf("  %d samples over 2 ms, %d of them right after a Ctrl-U pause%n", slow, slowAfterKill);
        Arrays.sort(took);
        System.out.printf("  p90 %.3f p95 %.3f p99 %.3f p99.9 %.3f max %.3f ms%n", pct(took, 90), pct(took, 95),
                pct(took, 99), took[(int) (took.length * 0.999)] / 1e6, took[took.length - 1] / 1e6);
        return took;
    }

    private static int xs(byte[] b, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == 'x') {
                count++;
            }
        }
        return count;
    }

    private static double pct(long[] sorted, double p) {
        // the rank of the p-th percentile, without 99.9 / 100 * 10,000 rounding up to one rank too many
        int rank = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    // ---- set-up ----

    private static ProcessBuilder ssh(String command) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-tt", "-q", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-i", keyFile.toString(), "-p",
                Integer.toString(sshd.port()), OpenSshServer.user() + "@127.0.0.1"));
        if (command != null) {
            cmd.add(command);
        }
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    private static long openSshServer() {
        HttpResponse<String> uploaded = api.request("POST", "/api/ssh-keys", token, new JsonObject()
                .put("name", "bench-" + UUID.randomUUID()).put("privateKey", key.privateKey()).encode());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        long keyId = new JsonObject(uploaded.body()).getLong("id");
        // the tests share one sshd endpoint, and an endpoint (host, port, user) is one server row
        DbRows.execute(DB, "delete from servers where port = ?", sshd.port());
        return server(sshd.port(), OpenSshServer.user(), "{\"sshKeyId\":" + keyId + "}", sshd.hostKeyFingerprint());
    }

    private static long server(int port, String user, String credential, String fingerprint) {
        HttpResponse<String> created = api.request("POST", "/api/servers", token,
                "{\"name\":\"bench " + UUID.randomUUID()
                        + "\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"username\":\"" + user
                        + "\",\"credential\":"
                        + credential + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = new JsonObject(created.body()).getLong("id");
        HttpResponse<String> trusted = api.request("PUT", "/api/servers/" + id + "/host-key", token,
                "{\"fingerprint\":\"" + fingerprint + "\"}");
        assertThat(trusted.statusCode()).as(trusted.body()).isEqualTo(200);
        return id;
    }

    /**
     * The gateway's JVM options: a 256 MiB heap, then {@code -Dbenchmark.gateway.jvm="-X..."} to try
     * others.
     */
    private static List<String> gatewayJvm() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(Arrays.stream(System.getProperty("benchmark.gateway.jvm", "").split("\\s+"))
                .filter(o -> !o.isBlank()).toList());
        return jvm;
    }

    private static ServiceProcess gateway(Map<String, String> extra, List<String> jvm) {
        Map<String, String> e = new HashMap<>(env);
        e.put("CENTRAL_API_URL", "http://127.0.0.1:" + api.port());
        e.putAll(extra);
        ServiceProcess gw = ServiceProcess.start(Path.of("target", "quarkus-app", "quarkus-run.jar"), DATABASE, e, jvm);
        gw.awaitReady(Duration.ofSeconds(60));
        return gw;
    }

    private static void warmUp(URI uri, long server) {
        for (int i = 0; i < 20; i++) {
            try (TerminalClient t = TerminalClient.to(uri, server).token(token, TokenIn.HEADER).origin(null)
                    .connect()) {
                t.awaitConnected();
                t.type("warm");
                t.awaitOutput("warm", Duration.ofSeconds(10));
            }
        }
    }

    private static long heapAfterGc(ServiceProcess p) throws Exception {
        run("jcmd", Long.toString(p.pid()), "GC.run");
        String info = run("jcmd", Long.toString(p.pid()), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
