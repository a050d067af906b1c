package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.JsonSocketClient;
import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestSshServer;

/**
 * What a new user does with a fresh system, over its public ports only: creates the first admin,
 * signs in (a wrong password first), adds a server and trusts its host key, mistypes a second
 * server's port, runs a task, types into a terminal through the gateway and watches the server's
 * live stats from the monitor. Each step asserts what the user would see.
 */
final class UserFlow {

    static final String PASSWORD = "Flow-admin-password-7";
    private static final String SSH_PASSWORD = "flow-ssh-password-3";
    private static final Duration T = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            // HTTP/1.1 as Prometheus, probes and browsers over plain http speak it: the JDK client's default h2c upgrade
            // hung once in a native check, past its own request timeout
            .version(HttpClient.Version.HTTP_1_1).build();

    private final int central;
    private final int gateway;
    private final int monitor;
    private final String origin;
    private String token;
    long serverId;

    UserFlow(int central, int gateway, int monitor) {
        this.central = central;
        this.gateway = gateway;
        this.monitor = monitor;
        this.origin = "http://127.0.0.1:" + central;
    }

    /**
     * The browser origin the sockets must allow (TERMINAL_ALLOWED_ORIGINS, MONITOR_ALLOWED_ORIGINS).
     */
    static String origin(int centralPort) {
        return "http://127.0.0.1:" + centralPort;
    }

    /** The whole flow against MINA's sshd, the server's password in the credential. */
    void run(TestSshServer sshd) throws Exception {
        signIn();
        useServer(sshd.port(), sshd.hostKeyFingerprint(), "flow", new JsonObject().put("password", SSH_PASSWORD));
    }

    /**
     * The whole flow against Debian's OpenSSH, with {@code key} (an OpenSSH private key ssh-keygen
     * made) pasted into the key vault first: the vault parses it, the gateway and the monitor sign with
     * it.
     */
    void runWithVaultKey(OpenSshServer sshd, TestKeys.Generated key) throws Exception {
        signIn();
        JsonObject stored = call("POST", "/api/ssh-keys",
                new JsonObject().put("name", "flow-key").put("privateKey", key.privateKey()), 201);
        assertThat(stored.getString("fingerprint")).isEqualTo(key.fingerprint());
        useServer(sshd.port(), sshd.hostKeyFingerprint(), OpenSshServer.user(),
                new JsonObject().put("sshKeyId", stored.getLong("id")));
    }

    private void signIn() throws Exception {
        JsonObject admin = call("POST", "/api/setup/initialize", new JsonObject().put("username", "admin")
                .put("email", "admin@example.test").put("password", PASSWORD), 201);
        assertThat(admin.getJsonObject("user").getString("role")).isEqualTo("admin");

        call("POST", "/api/auth/login", new JsonObject().put("username", "admin").put("password", "not-it-1"), 401);
        token = call("POST", "/api/auth/login", new JsonObject().put("username", "admin").put("password", PASSWORD),
                200).getString("accessToken");
    }

    private void useServer(int sshPort, String hostKeyFingerprint, String username, JsonObject credential)
            throws Exception {
        serverId = call("POST", "/api/servers", server("flow-server", sshPort, username, credential), 201)
                .getLong("id");
        String fingerprint = call("POST", "/api/servers/" + serverId + "/host-key", null, 200)
                .getString("fingerprint");
        assertThat(fingerprint).isEqualTo(hostKeyFingerprint);
        call("PUT", "/api/servers/" + serverId + "/host-key", new JsonObject().put("fingerprint", fingerprint), 200);

        // a second server with a port nothing listens on: the key fetch says so, with no 500
        long typo = call("POST", "/api/servers", server("flow-typo", closedPort(), username, credential), 201)
                .getLong("id");
        JsonObject refused = call("POST", "/api/servers/" + typo + "/host-key", null, 502);
        assertThat(refused.getString("message")).contains("refused");

        long task = call("POST", "/api/servers/" + serverId + "/tasks",
                new JsonObject().put("command", "echo flow-task-$((6*7))").put("storeOutput", true), 201).getLong("id");
        await().atMost(T).pollInterval(Duration.ofMillis(200))
                .until(() -> !call("GET", "/api/tasks/" + task, null, 200).getString("status")
                        .matches("queued|running"));
        JsonObject done = call("GET", "/api/tasks/" + task, null, 200);
        assertThat(done.getString("status")).as("task %s", done).isEqualTo("success");
        assertThat(done.getString("stdout")).contains("flow-task-42");

        try (Terminal terminal = Terminal.open(gateway, serverId, origin, token)) {
            terminal.awaitMessage("connected", m -> true, T);
            terminal.type("echo flow-term-$((6*7))\n");
            await().atMost(T).alias("the echo in the terminal; got " + terminal.output())
                    .until(() -> terminal.output().contains("flow-term-42"));
        }

        try (LiveStats stats = LiveStats.open(monitor, origin, token)) {
            // the first sample of a server has no CPU figure yet: that takes two readings of its counters
            JsonObject sample = stats.awaitMessage("stats",
                    m -> m.getLong("serverId", -1L) == serverId && m.getValue("cpu") != null, T);
            assertThat(sample.getDouble("cpu")).isBetween(0.0, 100.0);
            assertThat(sample.getJsonObject("memory").getLong("totalBytes")).isPositive();
        }
    }

    private static JsonObject server(String name, int port, String username, JsonObject credential) {
        return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", port)
                .put("username", username).put("credential", credential);
    }

    static String sshPassword() {
        return SSH_PASSWORD;
    }

    private JsonObject call(String method, String path, JsonObject body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + central + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return r.body().isBlank() ? new JsonObject() : new JsonObject(r.body());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A browser's terminal socket: the token in the subprotocols, the console's origin. */
    static final class Terminal extends JsonSocketClient {

        static Terminal open(int port, long serverId, String origin, String token) {
            Terminal t = new Terminal();
            t.socket = HTTP.newWebSocketBuilder().header("Origin", origin)
                    .subprotocols("bearer-token-carrier", "bearer." + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/terminal/" + serverId), t)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            return t;
        }

        void type(String keys) {
            sendBinary(keys.getBytes(StandardCharsets.UTF_8));
        }

    }

    /** A dashboard's live stats socket. */
    static final class LiveStats extends JsonSocketClient {

        static LiveStats open(int port, String origin, String token) {
            LiveStats s = new LiveStats();
            s.socket = HTTP.newWebSocketBuilder().header("Origin", origin)
                    .subprotocols("bearer-token-carrier", "bearer." + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/monitor"), s)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            return s;
        }
    }
}
