package dev.servermonitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.ServiceProcess;

/**
 * The production matrix on the real packaged service: a missing, short or placeholder secret with
 * ENVIRONMENT=production stops the start with a non-zero exit and one line naming the variable,
 * never its value; the same secrets in development only warn.
 */
class ProductionSecretValidationIT {

    @Test
    void missingSecretsStopAProductionStart() {
        Map<String, String> env = Map.of("ENVIRONMENT", "production");
        List<String> out = failedStart(env);
        String line = theInvalidSecretsLine(out);
        assertThat(line).contains("JWT_SECRET is not set", "ENCRYPTION_KEY is not set",
                "KEY_VAULT_MASTER_KEY is not set", "INTERNAL_API_TOKEN is not set");
    }

    @Test
    void aShortSecretStopsAProductionStartWithoutPrintingIt() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("ENVIRONMENT", "prod");
        env.put("JWT_SECRET", "short-but-secret-value");
        List<String> out = failedStart(env);
        assertThat(theInvalidSecretsLine(out)).contains("JWT_SECRET is too short").doesNotContain("ENCRYPTION_KEY");
        assertThat(String.join("\n", out)).doesNotContain("short-but-secret-value");
    }

    @Test
    void aPlaceholderSecretStopsAProductionStart() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("ENVIRONMENT", "production");
        env.put("KEY_VAULT_MASTER_KEY", "REPLACE_WITH_SECURE_RANDOM_VALUE");
        env.put("INTERNAL_API_TOKEN", "z".repeat(40));
        List<String> out = failedStart(env);
        assertThat(theInvalidSecretsLine(out)).contains("KEY_VAULT_MASTER_KEY is a known placeholder value",
                "INTERNAL_API_TOKEN is one repeated character");
        assertThat(String.join("\n", out)).doesNotContain("z".repeat(40));
    }

    @Test
    void developmentOnlyWarnsAndStarts() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("ENVIRONMENT", "development");
        env.put("JWT_SECRET", "short-dev-secret");
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/health") == 200 || !api.alive());
            assertThat(api.get("/api/health")).isEqualTo(200);
            assertThat(api.get("/api/ready")).as("readiness names the weak secret").isEqualTo(503);
            assertThat(api.output())
                    .anySatisfy(l -> assertThat(l).contains("WARN").contains("JWT_SECRET is too short"));
            assertThat(String.join("\n", api.output())).doesNotContain("short-dev-secret");
        }
    }

    private static List<String> failedStart(Map<String, String> env) {
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            Integer exit = api.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the service stopped by itself; output: %s", api.output()).isNotNull();
            assertThat(exit).isNotZero();
            assertThat(api.get("/api/health")).isEqualTo(-1);
            return api.output();
        }
    }

    private static String theInvalidSecretsLine(List<String> out) {
        List<String> lines = out.stream().filter(l -> l.contains("Invalid secrets:")).toList();
        assertThat(lines).as("output: %s", out).isNotEmpty();
        return lines.get(0);
    }
}
