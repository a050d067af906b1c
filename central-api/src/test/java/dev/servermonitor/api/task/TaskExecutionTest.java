package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.servermonitor.common.testing.DbRows;

/** Tasks run for real: an in-process MINA SshServer runs them with /bin/sh on this machine. */
@QuarkusTest
class TaskExecutionTest extends InProcessSshTaskTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    @Inject
    TaskQueue queue;

    @Inject
    TaskWorkers workers;

    @Test
    void aCommandRunsAndItsExitCodeOutputAndDurationAreRecordedAndAudited() {
        long id = fx.run(operator, server, "echo hello; echo oops >&2; exit 3", 30);
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);

        assertThat(task.getString("status")).isEqualTo("failed");
        assertThat(task.getInt("exitCode")).isEqualTo(3);
        assertThat(task.getString("stdout")).isEqualTo("hello\n");
        assertThat(task.getString("stderr")).as("the process-group announcement is not output").isEqualTo("oops\n");
        assertThat(task.getBoolean("stdoutTruncated")).isFalse();
        assertThat(task.getLong("stdoutBytes")).isEqualTo(6);
        assertThat(task.getLong("durationMs")).isNotNegative();
        assertThat(task.getString("startedAt")).isNotNull();
        for (String action : List.of("task.create", "task.start", "task.finish")) {
            assertThat(DbRows.audit(db, action, id)).as(action).singleElement();
        }
        assertThat(DbRows.audit(db, "task.finish", id).get(0).get("meta").toString()).contains("\"exitCode\": 3")
                .contains("\"status\": \"failed\"");

        long ok = fx.run(operator, server, "test -d /", 30);
        assertThat(fx.awaitFinished(operator, ok, WITHIN).getString("status")).isEqualTo("success");
    }

    @Test
    void aTimeoutKillsTheRemoteProcessAndIsLabelledTimeout() {
        String sleep = TaskFixtures.uniqueSleep();
        long id = fx.run(operator, server, "echo started; " + sleep + "; echo never", 1);
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);

        assertThat(task.getString("status")).isEqualTo("timeout");
        assertThat(task.<Object>get("exitCode")).isNull();
        assertThat(task.getString("stdout")).isEqualTo("started\n");
        assertThat(task.getString("error")).contains("timed out after 1 s").contains("killed");
        await().atMost(Duration.ofSeconds(5)).until(() -> !TaskFixtures.processRunning(sleep));
    }

    @Test
    void cancellingAQueuedTaskMeansItNeverRunsAndCancellingARunningOneKillsIt() {
        String sleep = TaskFixtures.uniqueSleep();
        long running = fx.run(operator, server, sleep, 120);
        fx.awaitStatus(operator, running, "running", WITHIN);
        await().atMost(WITHIN).until(() -> TaskFixtures.processRunning(sleep));
        // one task per server at a time: this one waits behind the sleep
        long queued = fx.run(operator, server, "echo should-never-run", 30);
        assertThat(fx.task(operator, queued).getString("status")).isEqualTo("queued");

        fx.as(operator).post("/api/tasks/" + queued + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        fx.as(operator).post("/api/tasks/" + running + "/cancel").then().statusCode(202)
                .body("status", equalTo("running")).body("cancelRequested", equalTo(true));

        JsonPath stopped = fx.awaitFinished(operator, running, WITHIN);
        assertThat(stopped.getString("status")).isEqualTo("cancelled");
        assertThat(stopped.getString("error")).isEqualTo("cancelled; its remote processes were killed");
        await().atMost(Duration.ofSeconds(5)).until(() -> !TaskFixtures.processRunning(sleep));

        JsonPath never = fx.task(operator, queued);
        assertThat(never.getString("status")).isEqualTo("cancelled");
        assertThat(never.getString("startedAt")).isNull();
        assertThat(DbRows.audit(db, "task.start", queued)).isEmpty();
        assertThat(DbRows.audit(db, "task.cancel", queued)).singleElement();
        assertThat(DbRows.audit(db, "task.cancel", running)).singleElement();

        fx.as(operator).post("/api/tasks/" + running + "/cancel").then().statusCode(409)
                .body("error", equalTo("task_finished"));
    }

    @Test
    void aCancellationRecordedThroughAnotherReplicaStopsTheTaskAtTheNextHeartbeat() {
        String sleep = TaskFixtures.uniqueSleep();
        long id = fx.run(operator, server, sleep, 120);
        fx.awaitStatus(operator, id, "running", WITHIN);
        await().atMost(WITHIN).until(() -> TaskFixtures.processRunning(sleep));
        // what POST /cancel on another replica leaves behind: the flag only, no signal to this instance
        DbRows.execute(db, "update tasks set cancel_requested_at = now() where id = ?", id);

        assertThat(fx.awaitFinished(operator, id, WITHIN).getString("status")).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(5)).until(() -> !TaskFixtures.processRunning(sleep));
    }

    @Test
    void hundredMegabytesOfOutputAreCountedButOnlyTheCapIsKept() {
        long id = fx.run(operator, server, "head -c 104857600 /dev/zero | tr '\\0' 'x'; echo tail >&2", 120);
        JsonPath task = fx.awaitFinished(operator, id, Duration.ofSeconds(90));

        assertThat(task.getString("status")).isEqualTo("success");
        assertThat(task.getLong("stdoutBytes")).isEqualTo(104_857_600L);
        assertThat(task.getBoolean("stdoutTruncated")).isTrue();
        assertThat(task.getString("stdout")).startsWith("x".repeat(65_536))
                .endsWith("\n[output truncated: 104857600 bytes in all, the first 65536 kept]\n");
        assertThat(task.getString("stderr")).isEqualTo("tail\n");
        List<Map<String, Object>> row = DbRows.query(db, "select length(stdout) as kept from tasks where id = ?", id);
        assertThat(((Number) row.get(0).get("kept")).longValue()).isEqualTo(65_536L);
    }

    @Test
    void withoutStoreOutputOnlyTheSizesAndExitCodeAreKept() {
        long id = fx.as(operator).body(Map.of("command", "echo secret-output; exit 0", "storeOutput", false))
                .post("/api/servers/" + server + "/tasks").then().statusCode(201).extract().<Integer>path("id");
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);

        assertThat(task.getString("status")).isEqualTo("success");
        assertThat(task.getInt("exitCode")).isZero();
        assertThat(task.getLong("stdoutBytes")).isEqualTo(14);
        assertThat(task.getMap("")).doesNotContainKeys("stdout", "stderr", "stdoutTruncated", "stderrTruncated");
        assertThat(DbRows.query(db, "select stdout from tasks where id = ?", id).get(0).get("stdout")).isNull();
    }

    @Test
    void invalidUtf8IsStoredAsReceivedAndShownWithReplacementCharacters() {
        long id = fx.run(operator, server, "printf 'ok \\377\\376 end'", 30);
        JsonPath task = fx.awaitFinished(operator, id, WITHIN);

        assertThat(task.getString("stdout")).isEqualTo("ok \uFFFD\uFFFD end");
        byte[] stored = (byte[]) DbRows.query(db, "select stdout from tasks where id = ?", id).get(0).get("stdout");
        assertThat(stored).containsExactly('o', 'k', ' ', 0xff, 0xfe, ' ', 'e', 'n', 'd');
    }

    @Test
    void aServerDeletedBeforeItsTaskRunsFailsTheTaskWithTheReason() {
        String sleep = TaskFixtures.uniqueSleep();
        long blocker = fx.run(operator, server, sleep, 120);
        fx.awaitStatus(operator, blocker, "running", WITHIN);
        long waiting = fx.run(operator, server, "echo hi", 30);
        DbRows.execute(db, "delete from servers where id = ?", server);
        fx.as(operator).post("/api/tasks/" + blocker + "/cancel").then().statusCode(202);

        JsonPath task = fx.awaitFinished(operator, waiting, WITHIN);
        assertThat(task.getString("status")).isEqualTo("failed");
        assertThat(task.getString("error")).contains("server was deleted");
    }

    /**
     * Eight extra claimers (as another replica would) race this instance's workers over the same queue:
     * every task is claimed exactly once.
     */
    @Test
    void concurrentClaimersNeverTakeTheSameTask() throws Exception {
        int n = 40;
        for (int i = 1; i <= n; i++) {
            // servers that do not exist: the workers that win a claim fail the task at once
            DbRows.execute(db, "insert into tasks (server_id, user_id, username, command, timeout_seconds)"
                    + " values (?, ?, 'racer', 'true', 5)", -1_000_000L - i, operator);
        }
        List<Long> claimedHere = Collections.synchronizedList(new ArrayList<>());
        ExecutorService racers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            racers.execute(() -> {
                Task task;
                while ((task = queue.claim(100).await().atMost(Duration.ofSeconds(10))) != null) {
                    claimedHere.add(task.id());
                }
            });
        }
        racers.shutdown();
        assertThat(racers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(WITHIN).until(() -> DbRows.query(db, "select 1 from tasks where user_id = ? and server_id"
                + " < -1000000 and status = 'queued'", operator).isEmpty());

        assertThat(claimedHere).doesNotHaveDuplicates();
        List<Map<String, Object>> starts = DbRows.query(db, "select a.target_id, count(*) as n from audit_logs a"
                + " join tasks t on a.target_id = t.id::text where a.action = 'task.start' and t.user_id = ?"
                + " and t.server_id < -1000000 group by a.target_id", operator);
        assertThat(starts).hasSize(n).allSatisfy(r -> assertThat(((Number) r.get("n")).intValue()).isEqualTo(1));
        // the racers' claims are left running by nobody: mark them so the queue stays clean
        DbRows.execute(db, "update tasks set status = 'cancelled', finished_at = now() where user_id = ?"
                + " and status = 'running' and server_id < -1000000", operator);
    }

    @Test
    void metricsCountTasksByStatusQueueDepthAndRunDuration() {
        long id = fx.run(operator, server, "true", 30);
        fx.awaitStatus(operator, id, "success", WITHIN);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String text = io.restassured.RestAssured.given().accept("text/plain").get("/api/metrics").then()
                    .statusCode(200).extract().asString();
            assertThat(text).containsPattern("servermonitor_tasks\\{status=\"success\",?\\} [1-9]")
                    .contains("servermonitor_tasks_queue_depth ")
                    .containsPattern("servermonitor_task_duration_seconds_count\\{status=\"success\",?\\} [1-9]");
            JsonPath json = io.restassured.RestAssured.given().accept("application/json").get("/api/metrics").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(json.<Object>get("tasksRunning")).isInstanceOf(Number.class);
            assertThat(json.<Object>get("tasksQueued")).isInstanceOf(Number.class);
        });
    }

    @Test
    void tasksLeftRunningByADeadInstanceAreInterruptedButALiveInstancesAreNot() {
        long dead = insertRunning("crashed-instance", "now() - interval '2 hours'");
        long live = insertRunning("live-replica", "now() - interval '10 seconds'");
        // dead for 45 s: three missed heartbeats (30 s) is enough, not the hour it once took
        long justDead = insertRunning("crashed-45s-ago", "now() - interval '45 seconds'");
        // its task's heartbeat lags, but the instance itself beats: it is alive and keeps its task
        long lagging = insertRunning("lagging-replica", "now() - interval '45 seconds'");
        DbRows.execute(db, "insert into service_instances (instance_id, service, started_at, last_seen_at)"
                + " values ('lagging-replica', 'central_api', now(), now()) on conflict (instance_id) do update"
                + " set last_seen_at = now()");

        workers.recoverStale();

        assertThat(fx.task(operator, justDead).getString("status")).isEqualTo("interrupted");
        assertThat(fx.task(operator, lagging).getString("status")).isEqualTo("running");
        DbRows.execute(db, "update tasks set status = 'cancelled', finished_at = now() where id = ?", lagging);

        JsonPath recovered = fx.task(operator, dead);
        assertThat(recovered.getString("status")).isEqualTo("interrupted");
        assertThat(recovered.getString("error")).contains("no heartbeat");
        assertThat(DbRows.audit(db, "task.recover", dead)).singleElement()
                .satisfies(a -> assertThat(a.get("meta").toString()).contains("crashed-instance"));
        assertThat(fx.task(operator, live).getString("status")).isEqualTo("running");
        assertThat(DbRows.audit(db, "task.recover", live)).isEmpty();
        DbRows.execute(db, "update tasks set status = 'cancelled', finished_at = now() where id = ?", live);
    }

    @Test
    void aRecoveryItsRecovererDidNotFinishIsSettledByAnotherButALiveRecoverersIsNot() {
        String base = "the central-api instance running it stopped without finishing it (no heartbeat for 30 s)";
        long orphaned = insertRecovered("recoverer-died-" + java.util.UUID.randomUUID(), base);
        String liveRecoverer = "recoverer-alive-" + java.util.UUID.randomUUID();
        long inHand = insertRecovered(liveRecoverer, base);
        DbRows.execute(db, "insert into service_instances (instance_id, service, started_at, last_seen_at)"
                + " values (?, 'central_api', now(), now())", liveRecoverer);

        workers.recoverStale();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> row = DbRows.query(db, "select error, recovered_by from tasks where id = ?", orphaned)
                    .get(0);
            assertThat(row.get("recovered_by")).as("settled").isNull();
            assertThat(row.get("error").toString()).isEqualTo(base + "; whether its remote processes still run is"
                    + " unknown (it had not announced its process group)");
        });
        assertThat(DbRows.audit(db, "task.recover_kill", orphaned)).singleElement()
                .satisfies(a -> assertThat(a.get("meta").toString()).contains("\"outcome\": \"unknown\""));
        Map<String, Object> held = DbRows.query(db, "select error, recovered_by from tasks where id = ?", inHand)
                .get(0);
        assertThat(held.get("recovered_by")).isEqualTo(liveRecoverer);
        assertThat(held.get("error").toString()).endsWith(TaskQueue.SETTLING);
        assertThat(DbRows.audit(db, "task.recover_kill", inHand)).isEmpty();
        DbRows.execute(db, "update tasks set recovered_by = null where id = ?", inHand);
    }

    /** A task recovered by {@code recoverer} (its left-overs not dealt with yet), from a dead owner. */
    private long insertRecovered(String recoverer, String error) {
        return ((Number) DbRows.query(db, "insert into tasks (server_id, user_id, username, command, timeout_seconds,"
                + " status, owner_id, started_at, heartbeat_at, finished_at, error, recovered_by) values (?, ?, 'x',"
                + " 'sleep 1', 5, 'interrupted', 'crashed-long-ago', now() - interval '1 hour', now() - interval"
                + " '1 hour', now() - interval '1 minute', ?, ?) returning id", server, operator,
                error + TaskQueue.SETTLING, recoverer).get(0).get("id")).longValue();
    }

    private long insertRunning(String owner, String heartbeat) {
        return ((Number) DbRows.query(db, "insert into tasks (server_id, user_id, username, command, timeout_seconds,"
                + " status, owner_id, started_at, heartbeat_at) values (?, ?, 'x', 'sleep 1', 5, 'running', ?, "
                + heartbeat + ", " + heartbeat + ") returning id", server, operator, owner).get(0).get("id"))
                .longValue();
    }
}
