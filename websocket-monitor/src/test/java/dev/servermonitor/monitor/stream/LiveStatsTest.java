package dev.servermonitor.monitor.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.monitor.support.FakeHosts;
import dev.servermonitor.monitor.support.MonitorCentralApi;
import dev.servermonitor.monitor.support.StatsClient;

/**
 * Collection and streaming end to end: servers made through the real central-api, polled over real
 * SSH (the in-process {@link FakeHosts}) every second, samples streamed to real WebSocket clients
 * and stored in the real Postgres.
 */
@QuarkusTest
@QuarkusTestResource(MonitorCentralApi.class)
class LiveStatsTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static FakeHosts hosts;

    @TestHTTPResource("/")
    URI monitor;

    @Inject
    DataSource db;

    ApiFixtures fx;

    @BeforeAll
    static void startHosts() {
        hosts = FakeHosts.start();
    }

    @AfterAll
    static void stopHosts() {
        hosts.close();
    }

    @BeforeEach
    void fixtures() {
        fx = new ApiFixtures(db);
    }

    /** A trusted server whose SSH login is {@code name}; the fake host behind it. */
    private long server(String name) {
        return fx.trustedServer(hosts.port(), name, FakeHosts.PASSWORD, hosts.hostKeyFingerprint());
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aSnapshotComesFirstThenEachUserGetsTheStatsOfWhatTheySubscribedTo() {
        long a = server(unique("a"));
        long b = server(unique("b"));
        try (StatsClient all = StatsClient.open(monitor, fx.token(fx.user("operator")));
                StatsClient onlyA = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            onlyA.send("{\"type\":\"subscribe\",\"serverIds\":[" + a + "]}");
            assertThat(onlyA.await("subscribed", m -> true, WAIT).getJsonArray("serverIds").getLong(0)).isEqualTo(a);
            all.await("stats", m -> m.getLong("serverId") == a, WAIT);
            all.await("stats", m -> m.getLong("serverId") == b, WAIT);
            onlyA.await("stats", m -> m.getLong("serverId") == a, WAIT);

            assertThat(all.messages().get(0).getString("type")).isEqualTo("snapshot");
            assertThat(onlyA.messages().get(0).getString("type")).isEqualTo("snapshot");
            JsonObject stats = all.await("stats", m -> m.getLong("serverId") == a && m.getValue("cpu") != null, WAIT);
            assertThat(stats.getDouble("cpu")).isBetween(20.0, 30.0); // the fake host is 25 % busy
            assertThat(stats.getJsonObject("memory").getDouble("percent")).isBetween(39.0, 41.0);
            assertThat(stats.getJsonObject("network").getDouble("rxBytesPerSec")).isPositive();
            assertThat(stats.getJsonArray("load").getList()).hasSize(3);
            assertThat(stats.getJsonArray("disks").getList()).isNotEmpty();
            assertThat(stats.getLong("uptimeSeconds")).isPositive();
            assertThat(stats.getString("ts")).isNotBlank();
            // after the subscription, the viewer hears only of a
            int before = onlyA.ofType("stats").size();
            await().atMost(WAIT).until(() -> onlyA.ofType("stats").size() >= before + 2);
            assertThat(all.ofType("stats")).anySatisfy(m -> assertThat(m.getLong("serverId")).isEqualTo(b));
            // (before its subscription took effect the viewer watched everything, as every socket starts)
            List<JsonObject> seen = onlyA.messages();
            int subscribed = seen.indexOf(onlyA.ofType("subscribed").get(0));
            assertThat(seen.subList(subscribed, seen.size())).filteredOn(m -> "stats".equals(m.getString("type")))
                    .isNotEmpty().allSatisfy(m -> assertThat(m.getLong("serverId")).isEqualTo(a));

            // a new socket's snapshot now carries the latest sample of each server
            try (StatsClient late = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
                JsonObject snapshot = late.await("snapshot", m -> true, WAIT);
                List<JsonObject> servers = snapshot.getJsonArray("servers").stream().map(o -> (JsonObject) o)
                        .filter(s -> s.getLong("serverId") == a || s.getLong("serverId") == b).toList();
                assertThat(servers).hasSize(2).allSatisfy(s -> {
                    assertThat(s.getString("status")).isEqualTo("online");
                    assertThat(s.getJsonObject("sample").getJsonObject("memory").getLong("totalBytes")).isPositive();
                    assertThat(s.getString("name")).startsWith("server ");
                });
            }
        }
    }

    @Test
    void aServerAddedWhileRunningIsPolledStoredAndMarkedOnline() {
        long id = server(unique("added"));
        await().atMost(WAIT).until(() -> "online".equals(column(id, "status")));
        assertThat(column(id, "last_seen")).isNotNull();
        await().atMost(WAIT).until(() -> count("select count(*) from metric_samples where server_id = " + id) >= 2);
        Object disk = DbRows.query(db, "select disk_percent, disks::text as disks, mem_total from metric_samples"
                + " where server_id = ? order by ts desc limit 1", id).get(0).get("disks");
        assertThat(disk.toString()).startsWith("[{").contains("\"mount\": \"/\"");
        // each core's rate is stored from the second poll on, for the per-core history
        await().atMost(WAIT).until(() -> count("select count(*) from metric_samples where server_id = " + id
                + " and array_length(cores, 1) > 0") >= 1);
        given().auth().oauth2(fx.token(fx.user("viewer"))).get("/api/servers/{id}/stats/latest", id).then()
                .statusCode(200).body("serverId", org.hamcrest.Matchers.equalTo((int) id))
                .body("status", org.hamcrest.Matchers.equalTo("online"))
                .body("sample.memory.totalBytes", org.hamcrest.Matchers.greaterThan(0L));
    }

    @Test
    void aServerGoesOfflineAfterThreeFailedPollsWithTheReasonAndComesBack() {
        String name = unique("flaky");
        FakeHosts.Host host = hosts.host(name);
        long id = server(name);
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            c.await("status", m -> m.getLong("serverId") == id && "online".equals(m.getString("status")), WAIT);
            int polls = host.polls();
            host.failing = true;
            JsonObject offline = c.await("status",
                    m -> m.getLong("serverId") == id && "offline".equals(m.getString("status")), WAIT);
            assertThat(host.polls() - polls).isGreaterThanOrEqualTo(3);
            assertThat(offline.getString("error")).contains("could not be read");
            await().atMost(WAIT).until(() -> "offline".equals(column(id, "status")));
            host.failing = false;
            c.await("status", m -> m.getLong("serverId") == id && "online".equals(m.getString("status"))
                    && c.messages().indexOf(m) > c.messages().indexOf(offline), WAIT);
            await().atMost(WAIT).until(() -> "online".equals(column(id, "status")));
        }
    }

    @Test
    void aHostThatNeverAnswersTimesOutWithoutHoldingUpAnotherServer() {
        String stuckName = unique("stuck");
        hosts.host(stuckName).hanging = true;
        long stuck = server(stuckName);
        long healthy = server(unique("healthy"));
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            // MONITOR_POLL_TIMEOUT is 2 s here: three timed-out polls take the stuck one offline
            JsonObject offline = c.await("status",
                    m -> m.getLong("serverId") == stuck && "offline".equals(m.getString("status")), WAIT);
            assertThat(offline.getString("error")).startsWith("timeout");
            long healthyStats = c.ofType("stats").stream().filter(m -> m.getLong("serverId") == healthy).count();
            assertThat(healthyStats).as("the healthy server is polled every second meanwhile")
                    .isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aChangedHostKeyTakesTheServerOfflineWithTheReasonAndIsAudited() {
        long id = server(unique("rekeyed"));
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            c.await("status", m -> m.getLong("serverId") == id && "online".equals(m.getString("status")), WAIT);
            // as if the server's key had changed since it was trusted: the row's trusted fingerprint differs
            DbRows.execute(db, "update servers set host_key_fingerprint = ?, updated_at = now() where id = ?",
                    "SHA256:" + "A".repeat(43), id);
            JsonObject offline = c.await("status",
                    m -> m.getLong("serverId") == id && "offline".equals(m.getString("status")), WAIT);
            assertThat(offline.getString("error")).startsWith("host_key_mismatch")
                    .contains(hosts.hostKeyFingerprint());
            await().atMost(WAIT).until(() -> !DbRows.audit(db, "monitor.host_key_mismatch", String.valueOf(id))
                    .isEmpty());
        }
    }

    @Test
    void aDeletedServerStopsBeingPolledAndWatchersAreTold() {
        String name = unique("gone");
        long id = server(name);
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            c.await("stats", m -> m.getLong("serverId") == id, WAIT);
            assertThat(fx.api("DELETE", "/api/servers/" + id, fx.admin(), null).statusCode()).isEqualTo(204);
            c.await("removed", m -> m.getLong("serverId") == id, WAIT);
            int polls = hosts.host(name).polls();
            await().pollDelay(Duration.ofMillis(2500)).atMost(WAIT).until(() -> true);
            assertThat(hosts.host(name).polls()).isLessThanOrEqualTo(polls + 1);
            await().atMost(WAIT)
                    .until(() -> count("select count(*) from metric_samples where server_id = " + id) == 0);
        }
    }

    private Object column(long serverId, String column) {
        return DbRows.query(db, "select " + column + " as v from servers where id = ?", serverId).get(0).get("v");
    }

    private long count(String sql) {
        return ((Number) DbRows.query(db, sql).get(0).values().iterator().next()).longValue();
    }
}
