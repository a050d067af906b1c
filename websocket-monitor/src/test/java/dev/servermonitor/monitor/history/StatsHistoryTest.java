package dev.servermonitor.monitor.history;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.DbRows;
import dev.servermonitor.monitor.support.MonitorCentralApi;

/**
 * History buckets, export and retention over samples written straight into {@code metric_samples}
 * at known times, for a server that is not polled (its host key is not trusted).
 */
@QuarkusTest
@QuarkusTestResource(MonitorCentralApi.class)
class StatsHistoryTest {

    @Inject
    DataSource db;

    @Inject
    HistoryUpkeep upkeep;

    ApiFixtures fx;
    long server;
    String viewer;
    /** A whole hour, so buckets line up with it. */
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

    @BeforeEach
    void serverWithTenMinutesOfSamples() {
        fx = new ApiFixtures(db);
        server = fx.server(22, "h" + UUID.randomUUID().toString().substring(0, 8), "{\"password\":\"x\"}");
        viewer = fx.token(fx.user("viewer"));
        // 120 samples 5 s apart; minute m has cpu 10*m + 0..11 (avg 10*m + 5.5, max 10*m + 11)
        for (int i = 0; i < 120; i++) {
            insert(start.plusSeconds(5L * i), 10.0 * (i / 12) + (i % 12));
        }
    }

    private void insert(Instant ts, double cpu) {
        insert(server, ts, cpu);
    }

    private void insert(long server, Instant ts, double cpu) {
        DbRows.execute(db, "insert into metric_samples (server_id, ts, cpu, load1, load5, load15, mem_total, mem_used,"
                + " mem_available, mem_percent, swap_total, swap_used, swap_percent, disk_percent, disks, net_rx, net_tx,"
                + " uptime_seconds, processes) values (?, ?, ?, 1, 2, 3, 1000, 400, 600, 40, 0, 0, 0, 55,"
                + " '[{\"mount\":\"/\",\"totalBytes\":100,\"usedBytes\":55,\"percent\":55.0}]'::jsonb, 10, 20, 99, 7)",
                server, OffsetDateTime.ofInstant(ts, ZoneOffset.UTC), cpu);
    }

    private Response history(String query) {
        return given().auth().oauth2(viewer).get("/api/servers/" + server + "/stats/history?" + query);
    }

    @Test
    void historyBucketsCarryTheAverageAndMaximumOfEachMetric() {
        JsonObject body = new JsonObject(history("from=" + start + "&to=" + start.plus(Duration.ofMinutes(10))
                + "&step=1m").then().statusCode(200).extract().asString());
        assertThat(body.getLong("stepSeconds")).isEqualTo(60);
        assertThat(body.getBoolean("stepRaised")).isFalse();
        JsonArray points = body.getJsonArray("points");
        assertThat(points).hasSize(10);
        for (int m = 0; m < 10; m++) {
            JsonObject p = points.getJsonObject(m);
            assertThat(Instant.parse(p.getString("ts"))).isEqualTo(start.plus(Duration.ofMinutes(m)));
            assertThat(p.getInteger("samples")).isEqualTo(12);
            assertThat(p.getJsonObject("cpu").getDouble("avg")).isEqualTo(10.0 * m + 5.5);
            assertThat(p.getJsonObject("cpu").getDouble("max")).isEqualTo(10.0 * m + 11);
            assertThat(p.getJsonObject("memory").getDouble("max")).isEqualTo(40.0);
            assertThat(p.getJsonObject("disk").getDouble("avg")).isEqualTo(55.0);
            assertThat(p.getJsonObject("netTx").getDouble("avg")).isEqualTo(20.0);
        }
    }

    @Test
    void theBreakdownAveragesEachCoreAndEachMountPerBucket() {
        long other = fx.server(22, "h" + UUID.randomUUID().toString().substring(0, 8), "{\"password\":\"x\"}");
        // two minutes of two samples each: core 0 at 10 and 30 (avg 20), core 1 at 50 and 70 (avg 60) in minute 0;
        // / at 40 and 60 %, /var at 90 % in both
        for (int m = 0; m < 2; m++) {
            for (int k = 0; k < 2; k++) {
                DbRows.execute(db, "insert into metric_samples (server_id, ts, cpu, load1, load5, load15, mem_total,"
                        + " mem_used, mem_available, mem_percent, swap_total, swap_used, swap_percent, disk_percent, disks,"
                        + " uptime_seconds, processes, cores) values (?, ?, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 90,"
                        + " ?::jsonb, 1, 1, ?::real[])", other,
                        OffsetDateTime.ofInstant(start.plus(Duration.ofMinutes(m)).plusSeconds(20L * k),
                                ZoneOffset.UTC),
                        "[{\"mount\":\"/\",\"totalBytes\":100,\"usedBytes\":0,\"percent\":" + (40 + 20 * k)
                                + "},{\"mount\":\"/var\",\"totalBytes\":100,\"usedBytes\":90,\"percent\":90}]",
                        "{" + (10 + 20 * k + m) + "," + (50 + 20 * k + m) + "}");
            }
        }
        JsonObject body = new JsonObject(given().auth().oauth2(viewer).get("/api/servers/" + other
                + "/stats/breakdown?from=" + start + "&to=" + start.plus(Duration.ofMinutes(2)) + "&step=1m").then()
                .statusCode(200).extract().asString());
        assertThat(body.getLong("stepSeconds")).isEqualTo(60);
        JsonArray points = body.getJsonArray("points");
        assertThat(points).hasSize(2);
        JsonObject first = points.getJsonObject(0);
        assertThat(Instant.parse(first.getString("ts"))).isEqualTo(start);
        assertThat(first.getJsonArray("cores").getList()).containsExactly(20.0, 60.0);
        assertThat(first.getJsonObject("disks").getMap()).containsExactly(
                entry("/", 50.0), entry("/var", 90.0));
        assertThat(points.getJsonObject(1).getJsonArray("cores").getList()).containsExactly(21.0, 61.0);
        given().auth().oauth2(viewer).get("/api/servers/999999/stats/breakdown").then().statusCode(404);
        given().auth().oauth2(viewer).get("/api/servers/" + other + "/stats/breakdown?step=fast").then()
                .statusCode(400);
    }

    @Test
    void recentGivesSeveralServersLastMinutesInTenSecondBucketsForTheSparklines() {
        long fresh = fx.server(22, "h" + UUID.randomUUID().toString().substring(0, 8), "{\"password\":\"x\"}");
        Instant now = Instant.now();
        for (int i = 1; i <= 6; i++) {
            insert(fresh, now.minusSeconds(30L * i), 10.0 * i);
        }
        insert(fresh, now.minus(Duration.ofMinutes(20)), 99); // older than asked for
        JsonObject body = new JsonObject(given().auth().oauth2(viewer)
                .get("/api/stats/recent?serverIds=" + fresh + "," + server + ",999999&minutes=10").then()
                .statusCode(200)
                .extract().asString());
        assertThat(body.getInteger("minutes")).isEqualTo(10);
        // the setup's server has samples only hours ago, the unknown one none: only the fresh one is there
        assertThat(body.getJsonArray("servers")).hasSize(1);
        JsonObject one = body.getJsonArray("servers").getJsonObject(0);
        assertThat(one.getLong("serverId")).isEqualTo(fresh);
        JsonArray points = one.getJsonArray("points");
        assertThat(points).hasSize(6);
        assertThat(points.getJsonArray(0).getDouble(1)).isEqualTo(60.0); // oldest first
        assertThat(points.getJsonArray(5).getDouble(1)).isEqualTo(10.0);
        assertThat(points.getJsonArray(5).getDouble(2)).isEqualTo(40.0);
        assertThat(points.getJsonArray(5).getDouble(0)).isCloseTo(now.getEpochSecond() - 30, within(11.0));

        given().auth().oauth2(viewer).get("/api/stats/recent").then().statusCode(400)
                .body("message", equalTo("serverIds must list at least one server id"));
        given().auth().oauth2(viewer).get("/api/stats/recent?serverIds=1,x").then().statusCode(400);
        given().auth().oauth2(viewer).get("/api/stats/recent?serverIds=1&minutes=61").then().statusCode(400)
                .body("message", equalTo("minutes must be a whole number from 1 to 60"));
    }

    @Test
    void aStepGivingMoreThan2000PointsIsRaisedAndTheAnswerSaysSo() {
        JsonObject body = new JsonObject(history("from=" + start.minus(Duration.ofDays(6)) + "&to=" + start.plus(
                Duration.ofDays(1)) + "&step=1s").then().statusCode(200).extract().asString());
        assertThat(body.getBoolean("stepRaised")).isTrue();
        assertThat(body.getLong("stepSeconds")).isEqualTo(303); // 7 days / 2,000, rounded up
        assertThat(body.getInteger("maxPoints")).isEqualTo(2000);
        assertThat(body.getJsonArray("points").size()).isBetween(1, 2000);
    }

    @Test
    void badRangesAndStepsAre400AndAnUnknownServer404() {
        history("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("error", equalTo("validation_failed")).body("message", equalTo("from must be before to"));
        history("from=yesterday").then().statusCode(400).body("error", equalTo("validation_failed"));
        history("step=fast").then().statusCode(400).body("message",
                equalTo("step must look like 30s, 5m, 1h, 1d or PT5M"));
        history("step=0s").then().statusCode(400).body("message", equalTo("step must be at least 1s"));
        given().auth().oauth2(viewer).get("/api/servers/999999/stats/history").then().statusCode(404)
                .body("error", equalTo("not_found"));
        given().auth().oauth2(viewer).get("/api/servers/999999/stats/latest").then().statusCode(404);
        given().auth().oauth2(viewer).get("/api/servers/" + server + "/stats/export?format=xml").then()
                .statusCode(400).body("message", equalTo("format must be csv or json"));
    }

    @Test
    void statsNeedViewerOrAboveAndAToken() {
        given().get("/api/servers/" + server + "/stats/latest").then().statusCode(401);
        given().auth().oauth2(fx.token(fx.user("auditor"))).get("/api/servers/" + server + "/stats/latest").then()
                .statusCode(403);
        given().auth().oauth2(viewer).get("/api/servers/" + server + "/stats/latest").then().statusCode(200)
                .body("sample.memory.percent", equalTo(40.0f)).body("sample.disks[0].mount", equalTo("/"));
    }

    @Test
    void exportStreamsTheRawSamplesAsCsvOrJson() {
        String range = "from=" + start + "&to=" + start.plus(Duration.ofMinutes(10));
        Response csv = given().auth().oauth2(viewer)
                .get("/api/servers/" + server + "/stats/export?format=csv&" + range);
        csv.then().statusCode(200).header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("server-" + server));
        List<String> lines = csv.asString().lines().toList();
        assertThat(lines).hasSize(121);
        assertThat(lines.get(0)).startsWith("ts,cpu,load1");
        assertThat(lines.get(1)).startsWith(start.toString().replace("Z", "")).contains(",0.0,1.0,2.0,3.0,")
                .endsWith("\"'/=55.0\"");

        Response json = given().auth().oauth2(viewer)
                .get("/api/servers/" + server + "/stats/export?format=json&" + range);
        json.then().statusCode(200).header("Content-Type", org.hamcrest.Matchers.startsWith("application/json"));
        JsonArray samples = new JsonArray(json.asString());
        assertThat(samples).hasSize(120);
        assertThat(samples.getJsonObject(119).getDouble("cpu")).isEqualTo(101.0);
        given().auth().oauth2(viewer).get("/api/servers/999999/stats/export").then().statusCode(404);
    }

    @Test
    void retentionDeletesSamplesOlderThanTheRetentionDays() {
        insert(Instant.now().minus(Duration.ofDays(8)), 1);
        insert(Instant.now().minus(Duration.ofDays(6)), 2);
        long deleted = upkeep.enforceRetention().await().atMost(Duration.ofSeconds(10));
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(DbRows.query(db, "select cpu from metric_samples where server_id = ? and ts < now() - interval"
                + " '7 days'", server)).isEmpty();
        assertThat(DbRows.query(db, "select count(*) as n from metric_samples where server_id = ?", server).get(0)
                .get("n")).isEqualTo(121L);
    }
}
