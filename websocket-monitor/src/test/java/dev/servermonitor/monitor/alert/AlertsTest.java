package dev.servermonitor.monitor.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Threshold alerts from real polls: fire after the hold, never repeat while high, resolve,
 * acknowledge.
 */
@QuarkusTest
@QuarkusTestResource(MonitorCentralApi.class)
class AlertsTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static FakeHosts hosts;

    @TestHTTPResource("/")
    URI monitor;

    @Inject
    DataSource db;

    @BeforeAll
    static void startHosts() {
        hosts = FakeHosts.start();
    }

    @AfterAll
    static void stopHosts() {
        hosts.close();
    }

    @Test
    void aBusyCpuOpensOneAlertAfterTheHoldNeverRepeatsAndResolvesWhenItCalmsDown() {
        ApiFixtures fx = new ApiFixtures(db);
        String name = "busy" + UUID.randomUUID().toString().substring(0, 8);
        FakeHosts.Host host = hosts.host(name);
        host.cpuBusy = 0.97;
        long id = fx.trustedServer(hosts.port(), name, FakeHosts.PASSWORD, hosts.hostKeyFingerprint());
        try (StatsClient c = StatsClient.open(monitor, fx.token(fx.user("viewer")))) {
            JsonObject opened = c.await("alert", m -> m.getJsonObject("alert").getLong("serverId") == id, WAIT);
            assertThat(opened.getString("event")).isEqualTo("opened");
            JsonObject alert = opened.getJsonObject("alert");
            assertThat(alert.getString("metric")).isEqualTo("cpu");
            assertThat(alert.getString("severity")).isEqualTo("warning");
            assertThat(alert.getDouble("value")).isGreaterThan(90);
            assertThat(alert.getDouble("threshold")).isEqualTo(90.0);
            // MONITOR_ALERT_FOR=2: the first poll has no rate, so at least the third poll opened it
            int pollsAtOpen = host.polls();
            assertThat(pollsAtOpen).isGreaterThanOrEqualTo(3);

            await().atMost(WAIT).until(() -> host.polls() >= pollsAtOpen + 3);
            assertThat(c.ofType("alert")).filteredOn(m -> m.getJsonObject("alert").getLong("serverId") == id)
                    .hasSize(1);
            assertThat(rows("select status from alerts where server_id = ?", id)).isEqualTo(1);

            host.cpuBusy = 0.10;
            JsonObject resolved = c.await("alert", m -> m.getJsonObject("alert").getLong("serverId") == id
                    && "resolved".equals(m.getString("event")), WAIT);
            assertThat(resolved.getJsonObject("alert").getString("status")).isEqualTo("resolved");
            assertThat(resolved.getJsonObject("alert").getDouble("resolvedValue")).isLessThan(85);
            long alertId = alert.getLong("id");
            assertThat(DbRows.query(db, "select event from alert_outbox where alert_id = ? order by id", alertId))
                    .extracting(r -> r.get("event")).containsExactly("opened", "resolved");
            assertThat(DbRows.query(db, "select payload->'alert'->>'metric' as m from alert_outbox where alert_id = ?",
                    alertId)).allSatisfy(r -> assertThat(r.get("m")).isEqualTo("cpu"));

            String viewer = fx.token(fx.user("viewer"));
            given().auth().oauth2(viewer).get("/api/alerts?serverId=" + id + "&status=resolved").then()
                    .statusCode(200).body("items.size()", equalTo(1)).body("items[0].id", equalTo((int) alertId));
            given().auth().oauth2(viewer).get("/api/alerts?serverId=" + id + "&status=open").then().statusCode(200)
                    .body("items.size()", equalTo(0));
            given().auth().oauth2(viewer).post("/api/alerts/" + alertId + "/ack").then().statusCode(403);
            long operator = fx.user("operator");
            given().auth().oauth2(fx.token(operator)).post("/api/alerts/" + alertId + "/ack").then().statusCode(200)
                    .body("acknowledgedBy", equalTo((int) operator)).body("acknowledgedAt",
                            org.hamcrest.Matchers.notNullValue());
            given().auth().oauth2(fx.token(operator)).post("/api/alerts/" + alertId + "/ack").then().statusCode(409)
                    .body("error", equalTo("already_acknowledged"));
            given().auth().oauth2(fx.token(operator)).post("/api/alerts/99999999/ack").then().statusCode(404);
            assertThat(DbRows.audit(db, "alert.ack", String.valueOf(alertId))).hasSize(1);
        }
    }

    @Test
    void alertFiltersAreCheckedAndPagesFollowEachOther() {
        ApiFixtures fx = new ApiFixtures(db);
        String viewer = fx.token(fx.user("viewer"));
        given().auth().oauth2(viewer).get("/api/alerts?status=maybe").then().statusCode(400)
                .body("message", equalTo("status must be one of open, resolved"));
        given().auth().oauth2(viewer).get("/api/alerts?limit=0").then().statusCode(400);
        given().auth().oauth2(viewer).get("/api/alerts?severity=loud").then().statusCode(400);
        given().auth().oauth2(fx.token(fx.user("auditor"))).get("/api/alerts").then().statusCode(403);
        given().get("/api/alerts").then().statusCode(401);
        long ghost = 1_000_000 + System.nanoTime() % 1_000_000_000; // rows of earlier runs stay in the database
        for (int i = 0; i < 3; i++) {
            DbRows.execute(db, "insert into alerts (server_id, metric, severity, status, value, threshold, opened_at,"
                    + " resolved_at) values (?, 'memory', 'warning', 'resolved', 90, 85, now(), now())", ghost);
        }
        JsonObject first = new JsonObject(
                given().auth().oauth2(viewer).get("/api/alerts?serverId=" + ghost + "&limit=2")
                        .then().statusCode(200).extract().asString());
        assertThat(first.getJsonArray("items")).hasSize(2);
        JsonObject second = new JsonObject(given().auth().oauth2(viewer)
                .get("/api/alerts?serverId=" + ghost + "&limit=2&before=" + first.getLong("nextBefore")).then()
                .statusCode(200).extract().asString());
        assertThat(second.getJsonArray("items")).hasSize(1);
        assertThat(second.getValue("nextBefore")).isNull();
    }

    private long rows(String sql, Object... args) {
        return DbRows.query(db, sql, args).size();
    }
}
