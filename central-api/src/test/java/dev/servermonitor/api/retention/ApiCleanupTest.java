package dev.servermonitor.api.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.CleanupTestCase;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.common.testing.TestUsers;

/**
 * central-api's cleanup on real rows, with a clock the test sets: "now" is a thousand days ago, so
 * the rows other tests write (at the real now) are never old enough to be touched, and every count
 * is exact.
 */
@QuarkusTest
class ApiCleanupTest extends CleanupTestCase {

    static final Duration MINUTE = Duration.ofMinutes(1);
    /** A server id no test creates: these rows must not show up in another test's server. */
    static final long NO_SERVER = 990_000_001L;

    @Test
    void removesExactlyWhatOutlivedItsRetentionAndAuditsTheCounts() {
        ApiFixtures fx = new ApiFixtures(db);
        long user = TestUsers.create(db, "operator");
        // sessions: kept 7 days after their last token expired or was revoked
        UUID expired = session(user, ago(days(8)), null, ago(days(9)), null);
        UUID revoked = session(user, ago(days(-1)), ago(days(8)), ago(days(-1)), ago(days(8)));
        UUID halfEnded = session(user, ago(days(8)), null, ago(days(6)), null);
        UUID recentlyRevoked = session(user, ago(days(-1)), ago(days(6)), null, null);
        // a live session: its current token, one rotated long enough ago to go, one too recently to
        UUID rotating = session(user, ago(days(-1)), null, null, null);
        UUID oldRotated = usedToken(user, rotating, ago(days(8)));
        UUID newRotated = usedToken(user, rotating, ago(days(6)));
        // login failures: kept for the 300 s window
        String who = "cleanup-" + UUID.randomUUID();
        failure(who, ago(Duration.ofSeconds(301)));
        failure(who, ago(Duration.ofSeconds(299)));
        // instances: kept 7 days after their last heartbeat
        String gone = "gone-" + UUID.randomUUID();
        String quiet = "quiet-" + UUID.randomUUID();
        instance(gone, ago(days(7).plus(MINUTE)));
        instance(quiet, ago(days(7).minus(MINUTE)));
        // task output: kept 30 days after the task finished
        long oldTask = task(fx.admin(), ago(days(30).plus(MINUTE)), "old output");
        long newTask = task(fx.admin(), ago(days(30).minus(MINUTE)), "new output");

        Optional<Map<String, Long>> removed = cleanup.run(NOW).await().atMost(Duration.ofSeconds(30));

        assertThat(removed).contains(Map.of("refreshTokens", 4L, "rotatedTokens", 1L, "loginFailures", 1L,
                "serviceInstances", 1L, "taskOutputs", 1L));
        assertThat(DbRows.query(db, "select distinct family_id from refresh_tokens where user_id = ?", user))
                .extracting(r -> r.get("family_id")).containsExactlyInAnyOrder(halfEnded, recentlyRevoked, rotating)
                .doesNotContain(expired, revoked);
        assertThat(DbRows.query(db, "select id from refresh_tokens where id in (?, ?)", oldRotated, newRotated))
                .extracting(r -> r.get("id")).containsExactly(newRotated);
        assertThat(DbRows.query(db, "select failed_at from login_failures where username_key = ?", who)).hasSize(1);
        assertThat(DbRows.query(db, "select instance_id from service_instances where instance_id in (?, ?)", gone,
                quiet)).extracting(r -> r.get("instance_id")).containsExactly(quiet);

        // what a person sees: the task is still there, says its output went and how much there was
        String token = "Bearer " + fx.token(fx.admin());
        RestAssured.given().header("Authorization", token).get("/api/tasks/" + oldTask).then().statusCode(200)
                .body("stdout", nullValue()).body("outputRemovedAt", notNullValue())
                .body("stdoutBytes", equalTo(10)).body("status", equalTo("success"));
        RestAssured.given().header("Authorization", token).get("/api/tasks/" + newTask).then().statusCode(200)
                .body("stdout", equalTo("new output")).body("outputRemovedAt", nullValue());

        List<Map<String, Object>> audit = DbRows.audit(db, "db.cleanup", null);
        assertThat(audit).isNotEmpty();
        assertThat(audit.get(audit.size() - 1).get("meta").toString()).contains("\"refreshTokens\": 4")
                .contains("\"taskOutputs\": 1").contains("\"loginFailures\": 1").contains("\"serviceInstances\": 1");
        assertThat(audit.get(audit.size() - 1).get("service")).isEqualTo("central_api");

        // a second run finds nothing more, and says so
        assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30))).contains(Map.of("refreshTokens", 0L,
                "rotatedTokens", 0L, "loginFailures", 0L, "serviceInstances", 0L, "taskOutputs", 0L));
    }

    @Test
    void endedSessionsGoQuietlyWhileARevocationIsStillAnnounced() throws Exception {
        long user = TestUsers.create(db, "operator");
        UUID ended = session(user, ago(days(8)), null, null, null);
        UUID live = session(user, ago(days(-1)), null, null, null);
        try (Connection listener = db.getConnection()) {
            try (Statement st = listener.createStatement()) {
                st.execute("listen access_changed");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);

            assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30)))
                    .hasValueSatisfying(r -> assertThat(r.get("refreshTokens")).isEqualTo(1L));
            DbRows.execute(db, "update refresh_tokens set revoked_at = now() where family_id = ?", live);

            List<String> heard = new ArrayList<>();
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until && !heard.contains("session:" + live)) {
                PGNotification[] batch = pg.getNotifications(200);
                for (PGNotification n : batch == null ? new PGNotification[0] : batch) {
                    heard.add(n.getParameter());
                }
            }
            assertThat(heard).contains("session:" + live).doesNotContain("session:" + ended);
        }
    }

    @Test
    void anEndedSessionIsKeptAtLeastAsLongAsItsAccessTokensAreAccepted() {
        // the retention when it is the longer
        assertThat(ApiCleanup.sessionKeep(days(7), Duration.ofMinutes(15), 60)).isEqualTo(days(7));
        // else the access token's life, the skew and the clocks' distance
        assertThat(ApiCleanup.sessionKeep(days(1), days(2), 60))
                .isEqualTo(days(2).plusSeconds(60).plus(ApiCleanup.CLOCKS_APART));
        // a negative skew counts as none
        assertThat(ApiCleanup.sessionKeep(days(1), days(2), -5)).isEqualTo(days(2).plus(ApiCleanup.CLOCKS_APART));
    }

    @Test
    void manyRowsGoInBatchesUntilNoneIsLeft() {
        String who = "batch-" + UUID.randomUUID();
        DbRows.execute(db, "insert into login_failures (username_key, ip, failed_at)"
                + " select ?, '127.0.0.1', ? from generate_series(1, ?)", who, ago(Duration.ofHours(1)),
                ApiCleanup.BATCH * 2 + 7);

        assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30)))
                .hasValueSatisfying(r -> assertThat(r.get("loginFailures")).isEqualTo(ApiCleanup.BATCH * 2 + 7L));
        assertThat(DbRows.query(db, "select 1 from login_failures where username_key = ?", who)).isEmpty();
    }

    @Test
    void aReplicaThatFindsTheCleanupRunningElsewhereSkipsIt() throws Exception {
        String who = "locked-" + UUID.randomUUID();
        failure(who, ago(Duration.ofHours(1)));
        try (Connection other = db.getConnection()) {
            try (PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, ApiCleanup.LOCK);
                lock.execute();
            }
            try {
                assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30))).isEmpty();
                assertThat(DbRows.query(db, "select 1 from login_failures where username_key = ?", who)).hasSize(1);
            } finally {
                // a pooled connection must not keep the lock, whatever the assertions found
                try (PreparedStatement unlock = other.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, ApiCleanup.LOCK);
                    unlock.execute();
                }
            }
        }
        assertThat(cleanup.run(NOW).await().atMost(Duration.ofSeconds(30))).isPresent();
        assertThat(DbRows.query(db, "select 1 from login_failures where username_key = ?", who)).isEmpty();
    }

    @Test
    void aRemovedRecordingIsGoneWithItsDateWhileTheSessionRecordStays() {
        ApiFixtures fx = new ApiFixtures(db);
        UUID id = UUID.randomUUID();
        DbRows.execute(db, "insert into terminal_sessions (id, user_id, username, server_id, server_name, status, cols,"
                + " rows, owner_instance, recording, started_at, ended_at, recording_removed_at)"
                + " values (?, ?, 'someone', ?, 'web-1', 'closed', 80, 24, 'gw', true, ?, ?, ?)", id, fx.admin(),
                NO_SERVER,
                ago(days(40)), ago(days(40)), ago(days(9)));
        String token = "Bearer " + fx.token(fx.admin());

        RestAssured.given().header("Authorization", token).get("/api/terminal/sessions/" + id).then().statusCode(200)
                .body("recording", equalTo(true)).body("recordingRemovedAt", notNullValue());
        RestAssured.given().header("Authorization", token).get("/api/terminal/sessions/" + id + "/recording").then()
                .statusCode(410).body("error", equalTo("recording_removed"))
                .body("message", containsString("RECORDING_RETENTION_DAYS"));
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }

    /** A session of two tokens: (expires, revoked) for each. */
    private UUID session(long user, OffsetDateTime expires1, OffsetDateTime revoked1, OffsetDateTime expires2,
            OffsetDateTime revoked2) {
        UUID family = UUID.randomUUID();
        token(user, family, expires1, revoked1);
        if (expires2 != null) {
            token(user, family, expires2, revoked2);
        }
        return family;
    }

    private void token(long user, UUID family, OffsetDateTime expires, OffsetDateTime revoked) {
        DbRows.execute(db, "insert into refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at,"
                + " revoked_at) values (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), family, user,
                UUID.randomUUID().toString(), ago(days(20)), expires, revoked);
    }

    /** A token of the session that was used (rotated), expiring at {@code expires}. */
    private UUID usedToken(long user, UUID family, OffsetDateTime expires) {
        UUID id = UUID.randomUUID();
        DbRows.execute(db, "insert into refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at,"
                + " used_at) values (?, ?, ?, ?, ?, ?, ?)", id, family, user, UUID.randomUUID().toString(),
                ago(days(20)), expires, ago(days(19)));
        return id;
    }

    private void failure(String who, OffsetDateTime when) {
        DbRows.execute(db, "insert into login_failures (username_key, ip, failed_at) values (?, '127.0.0.1', ?)", who,
                when);
    }

    private void instance(String id, OffsetDateTime lastSeen) {
        DbRows.execute(db, "insert into service_instances (instance_id, service, started_at, last_seen_at)"
                + " values (?, 'central_api', ?, ?)", id, lastSeen, lastSeen);
    }

    private long task(long user, OffsetDateTime finished, String output) {
        List<Map<String, Object>> rows = DbRows.query(db, "insert into tasks (server_id, user_id, username, command,"
                + " timeout_seconds, status, exit_code, stdout, stderr, stdout_bytes, created_at, started_at,"
                + " finished_at) values (?, ?, 'admin', 'echo', 60, 'success', 0, convert_to(?, 'UTF8'), ''::bytea,"
                + " ?, ?, ?, ?) returning id", NO_SERVER, user, output, output.length(), finished, finished, finished);
        return ((Number) rows.get(0).get("id")).longValue();
    }
}
