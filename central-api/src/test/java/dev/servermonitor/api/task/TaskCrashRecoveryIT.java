package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * A central-api killed outright (kill -9) mid-task: the instance that recovers the task kills what
 * it left on the server — the command and its children — and says so in the task's error and the
 * audit log; a process group the task's id now points at but that is not the task's (no marker) is
 * left alone. Once, the remote processes of a dead instance's tasks kept running.
 */
class TaskCrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource db = TestDatabase.of("central_api");

    @Test
    void theRecoveringInstanceKillsWhatADeadOnesTaskLeftOnTheServerAndNothingElse() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("TASKS_KILL_GRACE", "1s");
        env.put("HEARTBEAT_INTERVAL", "1s");
        long admin = TestUsers.create(db, "admin");
        String token = TestTokens.sign(TestTokens.claims(admin, TestUsers.username(db, admin), "admin"),
                env.get("JWT_SECRET"));
        String child = TaskFixtures.uniqueSleep();
        String stranger = TaskFixtures.uniqueSleep();
        Process strangers = null;
        try (TestSshServer sshd = TestSshServer.start(TaskFixtures.PASSWORD, null)) {
            long task;
            long decoy;
            long server;
            try (ServiceProcess dying = ServiceProcess.start("central_api", env)) {
                dying.awaitReady(Duration.ofSeconds(60));
                server = trustedServer(dying, token, sshd);
                // a shell with a child: both must go
                task = run(dying, token, server, child + "; echo never");
                await().atMost(Duration.ofSeconds(20)).until(() -> row(task).get("remote_pgid") != null);
                assertThat(TaskFixtures.processRunning(child)).isTrue();
                // a group of this machine's that is not the task's: what a reused id would point at
                strangers = new ProcessBuilder("setsid", "sh", "-c", stranger + "; true").start();
                long strangersGroup = strangers.pid();
                await().atMost(Duration.ofSeconds(5)).until(() -> TaskFixtures.processRunning(stranger));
                ProcessHandle.of(dying.pid()).ifPresent(ProcessHandle::destroyForcibly);
                assertThat(dying.awaitExit(Duration.ofSeconds(10))).isNotNull();
                // after the kill, so that only the recovering instance can see it
                decoy = ((Number) DbRows.query(db, "insert into tasks (server_id, user_id, username, command,"
                        + " timeout_seconds, status, owner_id, started_at, heartbeat_at, remote_pgid) values (?, ?, 'x',"
                        + " 'sleep 1', 300, 'running', 'crashed-replica', now() - interval '1 hour',"
                        + " now() - interval '1 hour', ?) returning id", server, admin, strangersGroup).get(0)
                        .get("id")).longValue();
            }
            assertThat(TaskFixtures.processRunning(child)).as("the dead instance's task still runs remotely")
                    .isTrue();

            try (ServiceProcess recovering = ServiceProcess.start("central_api", env)) {
                recovering.awaitReady(Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> settled(task) && settled(decoy));
                assertThat(row(task).get("status")).isEqualTo("interrupted");
                assertThat(row(task).get("error").toString()).contains("no heartbeat")
                        .endsWith("; its remote processes were killed");
                await().atMost(Duration.ofSeconds(5)).until(() -> !TaskFixtures.processRunning(child));
                assertThat(DbRows.audit(db, "task.recover_kill", task)).singleElement()
                        .satisfies(a -> assertThat(a.get("meta").toString()).contains("\"outcome\": \"killed\""));

                assertThat(row(decoy).get("error").toString()).contains("left alone");
                assertThat(DbRows.audit(db, "task.recover_kill", decoy)).singleElement()
                        .satisfies(a -> assertThat(a.get("meta").toString()).contains("not_ours"));
                assertThat(TaskFixtures.processRunning(stranger)).as("a group that is not the task's is left alone")
                        .isTrue();
                recovering.terminate();
                recovering.awaitExit(Duration.ofSeconds(8));
            }
        } finally {
            if (strangers != null) {
                // through ProcessHandle, never `kill -KILL -<group>`: procps-ng 4.0.2's kill (Debian 12) reads
                // that as kill(-1, SIGKILL), every process on the machine for root (RemoteCommand.kill)
                strangers.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                strangers.destroyForcibly();
            }
        }
    }

    private boolean settled(long id) {
        Object error = row(id).get("error");
        return error != null && !error.toString().contains("killing what is left");
    }

    private static long trustedServer(ServiceProcess api, String token, TestSshServer sshd) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", "it-" + UUID.randomUUID(), "host", "127.0.0.1", "port",
                sshd.port(), "username", "it" + UUID.randomUUID().toString().substring(0, 8), "credential",
                Map.of("password", TaskFixtures.PASSWORD)));
        var created = api.request("POST", "/api/servers", token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).path("id").asLong();
        var trusted = api.request("PUT", "/api/servers/" + id + "/host-key", token,
                JSON.writeValueAsString(Map.of("fingerprint", sshd.hostKeyFingerprint())));
        assertThat(trusted.statusCode()).as(trusted.body()).isEqualTo(200);
        return id;
    }

    private static long run(ServiceProcess api, String token, long server, String command) throws Exception {
        var r = api.request("POST", "/api/servers/" + server + "/tasks", token,
                JSON.writeValueAsString(Map.of("command", command, "timeoutSeconds", 300)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asLong();
    }

    private Map<String, Object> row(long id) {
        List<Map<String, Object>> rows = DbRows.query(db, "select * from tasks where id = ?", id);
        return rows.get(0);
    }

}
