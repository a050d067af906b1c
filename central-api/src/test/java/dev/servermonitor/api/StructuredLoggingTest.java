package dev.servermonitor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

import dev.servermonitor.common.testing.ServiceLog;

/**
 * Reads the JSON log file the test profile writes through the same filter and formatter as stdout.
 */
@QuarkusTest
class StructuredLoggingTest {

    private static final String PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "-----END OPENSSH PRIVATE KEY-----";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dGhpcy1pcy1hLXNpZw";

    @Test
    void accessLineIsJsonWithRequestFields() {
        String id = "access-" + UUID.randomUUID();
        given().header("X-Request-Id", id).get("/api/health").then().statusCode(200);

        JsonNode line = ServiceLog.awaitLine(id, l -> l.path("logger").asText().startsWith("access"));
        assertThat(Instant.parse(line.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(line.get("timestamp").asText()).endsWith("Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("service").asText()).isEqualTo("central_api");
        assertThat(line.get("request_id").asText()).isEqualTo(id);
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("route").asText()).isEqualTo("/api/health");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("latency_ms").isNumber()).isTrue();
        assertThat(line.get("message").asText()).contains("GET /api/health 200");
    }

    @Test
    void accessLineUsesTheRouteTemplateAndNeverTheQuery() {
        String id = "route-" + UUID.randomUUID();
        given().header("X-Request-Id", id).queryParam("access_token", "should-not-be-logged")
                .contentType("text/plain").body("x").post("/test-support/log/blocking").then().statusCode(204);

        JsonNode line = ServiceLog.awaitLine(id, l -> l.path("logger").asText().equals("access"));
        assertThat(line.get("route").asText()).isEqualTo("/test-support/log/blocking");
        assertThat(line.toString()).doesNotContain("should-not-be-logged");
    }

    @Test
    void linesLoggedWhileServingCarryTheRequestIdOnWorkerAndAsyncPaths() {
        for (String path : new String[]{"/test-support/log/blocking", "/test-support/log/async"}) {
            String id = "app-" + UUID.randomUUID();
            String marker = "marker-" + UUID.randomUUID();
            given().header("X-Request-Id", id).contentType("text/plain").body(marker).post(path).then()
                    .statusCode(204);

            JsonNode line = ServiceLog.awaitLineContaining(marker);
            assertThat(line.get("request_id").asText()).as(path).isEqualTo(id);
            assertThat(line.get("message").asText()).isEqualTo(marker);
        }
    }

    @Test
    void aSlowStatementIsOneWarnLineWithItsNameAndDurationAndNeverItsParameters() {
        String id = "slow-" + UUID.randomUUID();
        String parameter = "parameter-" + UUID.randomUUID();
        given().header("X-Request-Id", id).contentType("text/plain").body(parameter)
                .post("/test-support/log/slow-query").then().statusCode(204);

        JsonNode line = ServiceLog.awaitLine("Slow database query", l -> id.equals(l.path("request_id").asText()));
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("query").asText()).isEqualTo("select pg_sleep");
        assertThat(line.get("duration_ms").asLong()).isBetween(600L, 3_000L);
        assertThat(line.get("message").asText()).startsWith("Slow database query \"select pg_sleep\": ")
                .endsWith("ms (DB_SLOW_QUERY_MS=500)");
        assertThat(ServiceLog.rawLines()).noneMatch(l -> l.contains(parameter));
    }

    @Test
    void secretsTokensAndKeysAreMaskedBeforeTheLineIsWritten() {
        String jwtSecret = ConfigProvider.getConfig().getValue("JWT_SECRET", String.class);
        String vaultKey = ConfigProvider.getConfig().getValue("KEY_VAULT_MASTER_KEY", String.class);
        String marker = "redact-" + UUID.randomUUID();
        String message = marker + " secret=" + jwtSecret + " vault " + vaultKey
                + " Authorization: Bearer opaque-bearer-123 jwt " + JWT + " password=hunter2222 "
                + "{\"password\":\"pa55word!\"} key " + PEM;
        given().contentType("text/plain").body(message).post("/test-support/log/blocking").then().statusCode(204);

        JsonNode line = ServiceLog.awaitLineContaining(marker);
        String written = line.get("message").asText();
        assertThat(written).doesNotContain(jwtSecret, vaultKey, "opaque-bearer-123", JWT, "eyJzdWIiOiI0MiJ9",
                "hunter2222", "pa55word!", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUA", "PRIVATE KEY-----");
        assertThat(written).contains("[REDACTED]").contains("[REDACTED PRIVATE KEY]");
    }

    @Test
    void exceptionMessagesAreMaskedToo() {
        String jwtSecret = ConfigProvider.getConfig().getValue("JWT_SECRET", String.class);
        String marker = "exception-" + UUID.randomUUID();
        given().contentType("text/plain").body(marker + " using " + jwtSecret).post("/test-support/log/error")
                .then().statusCode(204);

        String raw = ServiceLog.rawLines().stream().filter(l -> l.contains(marker)).findFirst().orElseThrow();
        assertThat(raw).doesNotContain(jwtSecret).contains("java.lang.IllegalStateException: " + marker)
                .contains("[REDACTED]");
        assertThat(ServiceLog.parse(raw).get("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void aNewlineInAMessageCannotForgeASecondLine() {
        String marker = "forge-" + UUID.randomUUID();
        String forged = "{\"level\":\"ERROR\",\"message\":\"" + marker + "-forged\"}";
        given().contentType("text/plain").body("user input\n" + forged + "\r\n" + forged)
                .post("/test-support/log/blocking").then().statusCode(204);

        JsonNode line = ServiceLog.awaitLineContaining(marker);
        assertThat(ServiceLog.rawLines().stream().filter(l -> l.contains(marker))).hasSize(1);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).startsWith("user input\n{");
    }
}
