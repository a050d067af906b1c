package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.TestKeys;
import dev.servermonitor.common.testing.TestUsers;

/**
 * Tasks against Debian's OpenSSH sshd, where the peer's own session handling matters: sshd puts the
 * login shell in a session of its own, so this proves the process-group kill on a real server
 * (children and background jobs included), and that exit codes and the stderr announcement behave
 * the same there.
 */
@QuarkusTest
class TaskOnOpenSshTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static TestKeys.Generated key;
    private static OpenSshServer sshd;
    private static Long server;

    @Inject
    DataSource db;

    private TaskFixtures fx;
    private long operator;

    @BeforeAll
    static void startSshd() {
        key = TestKeys.generate("ed25519", false, "");
        sshd = OpenSshServer.start(key.publicKey());
    }

    @AfterAll
    static void stopSshd() {
        sshd.close();
    }

    @BeforeEach
    void oneServerForTheClass() {
        if (server == null) {
            TaskFixtures admin = new TaskFixtures(db, sshd.port(), sshd.hostKeyFingerprint(), OpenSshServer.user(),
                    Map.of());
            int keyId = admin.as(admin.admin())
                    .body(Map.of("name", "openssh-" + UUID.randomUUID(), "privateKey", key.privateKey()))
                    .post("/api/ssh-keys").then().statusCode(201).extract().path("id");
            fx = new TaskFixtures(db, sshd.port(), sshd.hostKeyFingerprint(), OpenSshServer.user(),
                    Map.of("sshKeyId", keyId));
            server = fx.trustedServer();
        }
        fx = new TaskFixtures(db, sshd.port(), sshd.hostKeyFingerprint(), OpenSshServer.user(), Map.of());
        operator = TestUsers.create(db, "operator");
    }

    @Test
    void exitCodeAndBothStreamsComeBackAsTheCommandWroteThem() {
        long id = fx.run(operator, server, "echo out; echo err >&2; exit 7", 30);
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);

        assertThat(task.getString("status")).as(task.prettify()).isEqualTo("failed");
        assertThat(task.getInt("exitCode")).isEqualTo(7);
        assertThat(task.getString("stdout")).isEqualTo("out\n");
        assertThat(task.getString("stderr")).isEqualTo("err\n");
    }

    @Test
    void aTimeoutKillsTheCommandItsChildrenAndItsBackgroundJobs() {
        String background = TaskFixtures.uniqueSleep();
        String foreground = TaskFixtures.uniqueSleep();
        long id = fx.run(operator, server, background + " & " + foreground + "; echo never", 1);
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);

        assertThat(task.getString("status")).as(task.prettify()).isEqualTo("timeout");
        assertThat(task.getString("error")).contains("killed").doesNotContain("could not");
        await().atMost(Duration.ofSeconds(5)).until(
                () -> !TaskFixtures.processRunning(background) && !TaskFixtures.processRunning(foreground));
    }

    @Test
    void cancellingARunningTaskKillsItsRemoteProcess() {
        String sleep = TaskFixtures.uniqueSleep();
        long id = fx.run(operator, server, "sh -c '" + sleep + "'", 120);
        fx.awaitStatus(operator, id, "running", WITHIN);
        await().atMost(WITHIN).until(() -> TaskFixtures.processRunning(sleep));

        fx.as(operator).post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);
        assertThat(task.getString("status")).isEqualTo("cancelled");
        // once "could not be confirmed killed": the outcome was read before the kill command had answered
        assertThat(task.getString("error")).isEqualTo("cancelled; its remote processes were killed");
        await().atMost(Duration.ofSeconds(5)).until(() -> !TaskFixtures.processRunning(sleep));
    }

    @Test
    void aServerThatStopsAnsweringFailsTheTaskWithSshLostLongBeforeItsTimeout() {
        String sleep = TaskFixtures.uniqueSleep();
        long id = fx.run(operator, server, sleep, 120);
        fx.awaitStatus(operator, id, "running", WITHIN);
        await().atMost(WITHIN).until(() -> TaskFixtures.processRunning(sleep));
        long frozenAt = System.nanoTime();
        sshd.freeze(true);
        try {
            // keepalive 1 s in tests: three unanswered, and the session is given up
            JsonPath task = fx.awaitFinished(operator, id, Duration.ofSeconds(20));
            assertThat(task.getString("status")).as(task.prettify()).isEqualTo("failed");
            assertThat(task.getString("error")).startsWith("ssh_lost").contains("stopped answering");
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isLessThan(Duration.ofSeconds(15));
        } finally {
            sshd.freeze(false);
        }
    }
}
