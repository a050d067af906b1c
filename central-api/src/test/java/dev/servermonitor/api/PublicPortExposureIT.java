package dev.servermonitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The packaged service in production: the public port reveals no database location and serves no
 * metrics, Quarkus health or API description; the management port serves metrics and health.
 */
class PublicPortExposureIT {

    @Test
    void inProductionThePublicPortShowsOnlyWhatTheProductNeeds() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("ENVIRONMENT", "production");
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            api.awaitReady(Duration.ofSeconds(60));

            String ready = api.request("GET", "/api/ready", null, null).body();
            assertThat(ready).contains("\"database\":{\"status\":\"ok\"}").doesNotContain("127.0.0.1")
                    .doesNotContain("5432").doesNotContain(TestDatabase.name("central_api"))
                    .doesNotContain("reason");
            for (String path : new String[]{"/q/metrics", "/q/health", "/q/health/ready", "/q/openapi",
                    "/q/openapi?format=json", "/q/swagger-ui", "/q/swagger-ui/"}) {
                assertThat(api.get(path)).as("GET %s on the public port", path).isEqualTo(404);
            }

            assertThat(api.managementPort()).isPositive().isNotEqualTo(api.port());
            HttpResponse<String> metrics = api.managementRequest("/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE http_server_requests_seconds");
            assertThat(api.managementGet("/q/health/ready")).isEqualTo(200);
            assertThat(api.managementGet("/q/openapi")).as("not moved to management either").isEqualTo(404);
        }
    }
}
