package dev.servermonitor.api.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * Servers with a trusted host key on the in-process SSH server, tasks on them, and waiting for
 * them.
 */
final class TaskFixtures {

    static final String PASSWORD = "task-ssh-password-1";

    private final DataSource db;
    private final int port;
    private final String hostKeyFingerprint;
    private final String username;
    private final Map<String, Object> credential;
    private final long admin;

    /** Servers on the in-process sshd, which takes any user name with {@link #PASSWORD}. */
    TaskFixtures(DataSource db, TestSshServer sshd) {
        this(db, sshd.port(), sshd.hostKeyFingerprint(), null, Map.of("password", PASSWORD));
    }

    /**
     * Servers at {@code port} as {@code username} (null: a new name per server) with
     * {@code credential}.
     */
    TaskFixtures(DataSource db, int port, String hostKeyFingerprint, String username,
            Map<String, Object> credential) {
        this.db = db;
        this.port = port;
        this.hostKeyFingerprint = hostKeyFingerprint;
        this.username = username;
        this.credential = credential;
        this.admin = TestUsers.create(db, "admin");
    }

    long admin() {
        return admin;
    }

    /** A new server on the test sshd whose host key an admin has trusted. */
    long trustedServer() {
        long id = untrustedServer();
        as(admin).body(Map.of("fingerprint", hostKeyFingerprint)).put("/api/servers/" + id + "/host-key").then()
                .statusCode(200);
        return id;
    }

    long untrustedServer() {
        // host + port + username is unique, and the test sshd takes any user: one user name per server
        String user = username != null ? username : "t" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(Map.of("name", "tasks " + UUID.randomUUID(), "host", "127.0.0.1",
                "port", port, "username", user));
        body.put("credential", credential);
        return as(admin).body(body).post("/api/servers").then().statusCode(201).extract().<Integer>path("id");
    }

    /** Queues {@code command} as {@code user}; returns the task id. */
    long run(long user, long server, String command, int timeoutSeconds) {
        return as(user).body(Map.of("command", command, "timeoutSeconds", timeoutSeconds))
                .post("/api/servers/" + server + "/tasks").then().statusCode(201).extract().<Integer>path("id");
    }

    JsonPath task(long user, long id) {
        return as(user).get("/api/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the task reaches {@code status} and returns it. */
    JsonPath awaitStatus(long user, long id, String status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(task(user, id).getString("status")));
        return task(user, id);
    }

    /** Waits until the task has finished, whatever the outcome. */
    JsonPath awaitFinished(long user, long id, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> task(user, id).getString("finishedAt") != null);
        return task(user, id);
    }

    RequestSpecification as(long user) {
        return given().auth().oauth2(TestTokens.valid(user, TestUsers.username(db, user), "from-row"))
                .contentType(ContentType.JSON);
    }

    /**
     * A sleep no other process has: {@code sleep 300.<random>} (GNU sleep takes fractions), to find it
     * among processes.
     */
    static String uniqueSleep() {
        return "sleep 300." + ThreadLocalRandom.current().nextInt(10_000, 99_999);
    }

    /** Whether a process of this machine has {@code text} in its command line. */
    static boolean processRunning(String text) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .anyMatch(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false));
    }
}
