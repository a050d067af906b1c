package dev.servermonitor.monitor.processes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.monitor.support.MonitorCentralApi;

/**
 * The top-processes panel against a real shell: the in-process SSH server runs this machine's
 * /bin/sh, so the answer is this machine's real processes, and a busy loop the test starts must
 * come out on top by CPU.
 */
@QuarkusTest
@QuarkusTestResource(MonitorCentralApi.class)
class ProcessesTest {

    static final String PASSWORD = "processes-ssh-password-1";
    static TestSshServer sshd;
    static Process busy;
    static final String MARKER = "busy-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource db;

    @BeforeAll
    static void start() throws Exception {
        sshd = TestSshServer.start(PASSWORD, null);
        // a whole core busy, its command line naming it
        busy = new ProcessBuilder("sh", "-c", "while :; do :; done # " + MARKER).start();
    }

    @AfterAll
    static void stop() {
        busy.destroyForcibly();
        sshd.close();
    }

    @Test
    void theBusiestProcessesComeFromTheServerByCpuAndByMemoryAndViewersSeeNoCommandLines() {
        ApiFixtures fx = new ApiFixtures(db);
        long server = fx.trustedServer(sshd.port(), "proc" + MARKER.substring(5), PASSWORD, sshd.hostKeyFingerprint());
        String operator = fx.token(fx.user("operator"));
        String viewer = fx.token(fx.user("viewer"));

        // once the monitor's poll has connected, the panel runs on that session
        JsonObject byCpu = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var r = given().auth().oauth2(operator).get("/api/servers/" + server + "/processes?sort=cpu&limit=10");
            return r.statusCode() == 200 ? new JsonObject(r.asString()) : null;
        }, b -> b != null);
        assertThat(byCpu.getString("sort")).isEqualTo("cpu");
        assertThat(byCpu.getInteger("total")).isGreaterThan(3);
        JsonArray items = byCpu.getJsonArray("items");
        assertThat(items.size()).isBetween(1, 10);
        List<JsonObject> top = items.stream().map(JsonObject.class::cast).toList();
        JsonObject loop = top.stream().filter(p -> p.getString("command").contains(MARKER)).findFirst()
                .orElseThrow(() -> new AssertionError("the busy loop is not among " + top));
        assertThat(loop.getDouble("cpu")).as("a busy loop uses most of a core").isGreaterThan(30.0);
        assertThat(loop.getLong("pid")).isEqualTo(busy.pid());
        assertThat(top).extracting(p -> p.getDouble("cpu")).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        JsonObject byMemory = new JsonObject(given().auth().oauth2(viewer)
                .get("/api/servers/" + server + "/processes?sort=memory").then().statusCode(200).extract().asString());
        List<JsonObject> largest = byMemory.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
        assertThat(largest).hasSizeLessThanOrEqualTo(ProcessService.DEFAULT_LIMIT)
                .extracting(p -> p.getLong("rssBytes")).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(largest.get(0).getDouble("memory")).isPositive();
        // a viewer gets process names: no command line, so no argument that might carry a secret
        String asViewer = given().auth().oauth2(viewer).get("/api/servers/" + server + "/processes?sort=cpu&limit=50")
                .then().statusCode(200).extract().asString();
        assertThat(asViewer).doesNotContain(MARKER).contains("\"command\":\"sh\"");
    }

    @Test
    void badParametersAre400AnUnknownServer404AndAnUnpolledOne409() {
        ApiFixtures fx = new ApiFixtures(db);
        String viewer = fx.token(fx.user("viewer"));
        long untrusted = fx.server(sshd.port(), "untrusted" + MARKER.substring(5), "{\"password\":\"x\"}");
        given().auth().oauth2(viewer).get("/api/servers/" + untrusted + "/processes?sort=pid").then().statusCode(400)
                .body("message", equalTo("sort must be cpu or memory"));
        given().auth().oauth2(viewer).get("/api/servers/" + untrusted + "/processes?limit=500").then()
                .statusCode(400).body("message", equalTo("limit must be a whole number from 1 to 50"));
        given().auth().oauth2(viewer).get("/api/servers/999999/processes").then().statusCode(404)
                .body("error", equalTo("not_found"));
        given().auth().oauth2(viewer).get("/api/servers/" + untrusted + "/processes").then().statusCode(409)
                .body("error", equalTo("not_connected"))
                .body("message", equalTo("the monitor does not poll this server (its host key is not trusted yet)"));
        given().auth().oauth2(fx.token(fx.user("auditor"))).get("/api/servers/" + untrusted + "/processes").then()
                .statusCode(403);
        given().get("/api/servers/" + untrusted + "/processes").then().statusCode(401);
    }
}
