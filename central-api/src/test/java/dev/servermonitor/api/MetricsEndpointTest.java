package dev.servermonitor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.servermonitor.common.testing.TestTokens;
import dev.servermonitor.common.testing.TestUsers;

/**
 * /api/metrics: admins and local clients only; JSON per route template, Prometheus text otherwise.
 */
@QuarkusTest
@TestProfile(MetricsEndpointTest.BehindAProxy.class)
class MetricsEndpointTest {

    /** Trust X-Forwarded-For from loopback, so a request can come "from" another machine. */
    public static class BehindAProxy implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.allow-x-forwarded",
                    "true", "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    private static final String REMOTE = "203.0.113.9";

    @Inject
    DataSource db;

    @Test
    void aLocalClientGetsPrometheusTextByDefault() {
        // */* is what curl and Prometheus send (RestAssured's own default would ask for JSON)
        String text = given().accept("*/*").get("/api/metrics").then().statusCode(200).extract().asString();
        assertThat(text).contains("# TYPE http_server_requests_seconds");
        assertThat(given().accept("text/plain").get("/api/metrics").then().statusCode(200).extract().asString())
                .startsWith("#");
    }

    @Test
    void jsonGivesUptimeAndPerRouteLatencyByTemplateNeverByRawPath() {
        for (int i = 0; i < 3; i++) {
            given().get("/api/servers/" + (1000 + i)).then().statusCode(401);
        }
        List<Map<String, Object>> routes = given().accept("application/json").get("/api/metrics").then().statusCode(200)
                .body("uptimeSeconds", org.hamcrest.Matchers.greaterThanOrEqualTo(0)).extract().jsonPath()
                .getList("routes");
        assertThat(routes).extracting(r -> r.get("route")).contains("/api/servers/{id}")
                .noneMatch(route -> String.valueOf(route).matches(".*/100[0-9].*"));
        assertThat(routes).filteredOn(r -> "/api/servers/{id}".equals(r.get("route")) && "GET".equals(r.get("method")))
                .singleElement().satisfies(r -> {
                    assertThat(((Number) r.get("count")).longValue()).isGreaterThanOrEqualTo(3);
                    assertThat(r).containsKeys("avgMs", "p95Ms", "maxMs");
                });
    }

    @Test
    void aRemoteClientNeedsAnAdminToken() {
        given().header("X-Forwarded-For", REMOTE).get("/api/metrics").then().statusCode(403)
                .body("error", equalTo("forbidden"));
        long operator = TestUsers.create(db, "operator");
        given().header("X-Forwarded-For", REMOTE).auth().oauth2(TestTokens.valid(operator, "o", "operator"))
                .get("/api/metrics").then().statusCode(403);
        long admin = TestUsers.create(db, "admin");
        given().header("X-Forwarded-For", REMOTE).auth().oauth2(TestTokens.valid(admin, "a", "admin"))
                .accept("application/json").get("/api/metrics").then().statusCode(200);
    }
}
