package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;
import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * The packaged central-api and its queue across a SIGTERM and a restart: the running task's remote
 * process is killed and the task marked interrupted before exit (within 8 s), a queued task
 * survives and runs after the restart, and a task a crashed replica left running is recovered while
 * a live replica's is left alone.
 */
class TaskShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource db = TestDatabase.of("central_api");

    @Test
    void sigtermInterruptsRunningTasksAndQueuedOnesRunAfterARestart() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("TASKS_KILL_GRACE", "1s");
        long admin = TestUsers.create(db, "admin");
        String token = TestTokens.sign(TestTokens.claims(admin, TestUsers.username(db, admin), "admin"),
                env.get("JWT_SECRET"));
        String sleep = TaskFixtures.uniqueSleep();
        long running;
        long queued;
        long crashed;
        long live;
        try (TestSshServer sshd = TestSshServer.start(TaskFixtures.PASSWORD, null)) {
            try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
                api.awaitReady(Duration.ofSeconds(60));
                long server = trustedServer(api, token, sshd);
                running = task(api, token, server, sleep);
                await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(status(running)));
                await().atMost(Duration.ofSeconds(10)).until(() -> TaskFixtures.processRunning(sleep));
                queued = task(api, token, server, "echo survived");
                crashed = insertRunning("crashed-replica", "now() - interval '2 hours'");
                live = insertRunning("live-replica", "now()");

                long sent = System.nanoTime();
                api.terminate();
                Integer exit = api.awaitExit(Duration.ofSeconds(8));
                assertThat(exit).as("stopped within 8 s of SIGTERM (took %d ms); output %s",
                        (System.nanoTime() - sent) / 1_000_000, api.output()).isNotNull();
            }
            assertThat(status(running)).isEqualTo("interrupted");
            assertThat(row(running).get("error").toString()).contains("shut down").contains("killed");
            assertThat(DbRows.audit(db, "task.finish", running)).singleElement()
                    .satisfies(a -> assertThat(a.get("meta").toString()).contains("interrupted"));
            await().atMost(Duration.ofSeconds(3)).until(() -> !TaskFixtures.processRunning(sleep));
            assertThat(status(queued)).isEqualTo("queued");

            try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
                api.awaitReady(Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(status(queued)));
                JsonNode survived = JSON.readTree(api.request("GET", "/api/tasks/" + queued, token, null).body());
                assertThat(survived.path("stdout").asText()).isEqualTo("survived\n");

                assertThat(status(crashed)).isEqualTo("interrupted");
                assertThat(DbRows.audit(db, "task.recover", crashed)).singleElement();
                assertThat(status(live)).isEqualTo("running");
                assertThat(DbRows.audit(db, "task.recover", live)).isEmpty();
                api.terminate();
                api.awaitExit(Duration.ofSeconds(8));
            } finally {
                DbRows.execute(db, "update tasks set status = 'cancelled', finished_at = now() where id = ?", live);
            }
        }
    }

    private static long trustedServer(ServiceProcess api, String token, TestSshServer sshd) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", "it-" + UUID.randomUUID(), "host", "127.0.0.1", "port",
                sshd.port(), "username", "it" + UUID.randomUUID().toString().substring(0, 8), "credential",
                Map.of("password", TaskFixtures.PASSWORD)));
        long id = JSON.readTree(ok(api.request("POST", "/api/servers", token, body), 201)).path("id").asLong();
        ok(api.request("PUT", "/api/servers/" + id + "/host-key", token,
                JSON.writeValueAsString(Map.of("fingerprint", sshd.hostKeyFingerprint()))), 200);
        return id;
    }

    private static long task(ServiceProcess api, String token, long server, String command) throws Exception {
        String body = JSON.writeValueAsString(Map.of("command", command, "timeoutSeconds", 300));
        return JSON.readTree(ok(api.request("POST", "/api/servers/" + server + "/tasks", token, body), 201)).path("id")
                .asLong();
    }

    private static String ok(HttpResponse<String> response, int expected) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }

    private long insertRunning(String owner, String heartbeat) {
        // a server id no real server has: these rows must not hold the real server's one slot
        return ((Number) DbRows.query(db, "insert into tasks (server_id, user_id, username, command, timeout_seconds,"
                + " status, owner_id, started_at, heartbeat_at) values (-42, 1, 'x', 'sleep 1', 5, 'running', ?, "
                + heartbeat + ", " + heartbeat + ") returning id", owner).get(0).get("id")).longValue();
    }

    private String status(long id) {
        return Objects.toString(row(id).get("status"));
    }

    private Map<String, Object> row(long id) {
        List<Map<String, Object>> rows = DbRows.query(db, "select * from tasks where id = ?", id);
        return rows.get(0);
    }
}
