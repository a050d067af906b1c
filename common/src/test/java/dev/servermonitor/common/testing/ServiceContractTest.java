package dev.servermonitor.common.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;

/**
 * What every service promises with its database up: liveness, readiness with each check, Quarkus'
 * own health and metrics endpoints, request ids and the error shape. Each service runs it through a
 * one-line {@code @QuarkusTest} subclass that names its expected service name.
 */
public abstract class ServiceContractTest {

    /** The management interface (port 0 in tests): Quarkus' health and the metrics live there. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** The application's own interface. */
    @TestHTTPResource("/")
    URL api;

    /** central_api, terminal_gateway or websocket_monitor. */
    protected abstract String serviceName();

    @Test
    void healthAnswersOkWithServiceAndTimestamp() {
        Response r = given().get("/api/health");
        r.then().statusCode(200).body("status", equalTo("ok")).body("service", equalTo(serviceName()));
        assertThat(Instant.parse(r.path("timestamp"))).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void readyIs200WhenDatabaseSchemaAndSecretsAreFine() {
        given().get("/api/ready").then().statusCode(200).body("status", equalTo("ready"))
                .body("service", equalTo(serviceName())).body("checks.database.status", equalTo("ok"))
                .body("checks.database_writable.status", equalTo("ok"))
                .body("checks.audit_writable.status", equalTo("ok"))
                .body("checks.schema.status", equalTo("ok")).body("checks.secrets.status", equalTo("ok"));
    }

    @Test
    void publicReadinessSaysOnlyOkOrFailPerCheckNeverWhereTheDatabaseIs() {
        String body = given().get("/api/ready").then().statusCode(200).body("checks.database", equalTo(
                java.util.Map.of("status", "ok"))).extract().asString();
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
        String database = url.substring(url.lastIndexOf('/') + 1);
        assertThat(body).doesNotContain("127.0.0.1").doesNotContain("localhost").doesNotContain(":5432")
                .doesNotContain(database).doesNotContain("reason");
    }

    @Test
    void quarkusHealthAndMetricsAreOnTheManagementPortOnly() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/metrics"}) {
            given().get(path).then().statusCode(404);
        }
        given().baseUri(root()).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().baseUri(root()).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'servermonitor' }.data.schema", notNullValue());
    }

    @Test
    void prometheusMetricsCountServedRequests() {
        given().get("/api/health").then().statusCode(200);
        String metrics = given().baseUri(root()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("# TYPE http_server_requests_seconds")
                .contains("uri=\"/api/health\"");
    }

    @Test
    void requestIdIsGeneratedWhenAbsent() {
        String id = given().get("/api/health").then().statusCode(200).extract().header("X-Request-Id");
        assertThat(UUID.fromString(id)).isNotNull();
    }

    @Test
    void validRequestIdIsEchoed() {
        String sent = "req-42:Abc.def_9";
        given().header("X-Request-Id", sent).get("/api/health").then().header("X-Request-Id", equalTo(sent));
    }

    @Test
    void malformedRequestIdIsReplaced() {
        for (String bad : new String[]{"has spaces", "<script>", "semi;colon", "\u00e9t\u00e9"}) {
            String echoed = given().header("X-Request-Id", bad).get("/api/health").then().extract()
                    .header("X-Request-Id");
            assertThat(echoed).isNotEqualTo(bad);
            assertThat(UUID.fromString(echoed)).isNotNull();
        }
    }

    @Test
    void requestIdOfOneKilobyteIsReplaced() {
        String tooLong = "a".repeat(1024);
        String echoed = given().header("X-Request-Id", tooLong).get("/api/health").then().extract()
                .header("X-Request-Id");
        assertThat(UUID.fromString(echoed)).isNotNull();
        String longest = "b".repeat(128);
        given().header("X-Request-Id", longest).get("/api/health").then().header("X-Request-Id", equalTo(longest));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : new String[]{"/api/health", "/api/no-such-thing", "/q/health"}) {
            given().get(path).then().header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY")).header("Referrer-Policy", equalTo("no-referrer"))
                    .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'none'"));
        }
    }

    /** scheme://host:port of the management interface. */
    protected String root() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }

    @Test
    void aResponseToACredentialedRequestIsNeverCached() {
        given().auth().oauth2("not-a-valid-token").get("/api/auth/whoami").then().statusCode(401)
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void onlyConfiguredOriginsPassCors() {
        given().header("Origin", "https://console.example.test").get("/api/health").then()
                .header("Access-Control-Allow-Origin", equalTo("https://console.example.test"))
                .header("Access-Control-Allow-Credentials", equalTo("true"));
        given().header("Origin", "https://evil.example").get("/api/health").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/auth/whoami").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    /**
     * The server refuses from the declared length, before reading the body, and closes. A client still
     * writing 1.1 MB at that moment may get a broken pipe or a reset instead of the answer (the race
     * made this test flaky), so the request is sent as a careful client sends it: the headers, then the
     * answer is read before any body byte goes out.
     */
    @Test
    void aBodyOverOneMebibyteIs413() throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/auth/whoami HTTP/1.1\r\nHost: " + api.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1100000\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void unknownPathAnswersTheErrorShapeWithTheRequestId() {
        given().header("X-Request-Id", "missing-route-1").get("/api/no-such-thing").then().statusCode(404)
                .body("status", equalTo(404)).body("error", equalTo("not_found"))
                .body("message", notNullValue()).body("requestId", equalTo("missing-route-1"));
    }
}
