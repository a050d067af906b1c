package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.servermonitor.common.testing.ServiceProcess;

/**
 * A policy setting that cannot work stops the packaged service at start with a message naming the
 * variable, rather than starting with a policy other than the one configured.
 */
class TaskPolicyStartupIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"TASK_DENY_PATTERNS|^docker rm,broken([|TASK_DENY_PATTERNS entry 2",
            "TASK_ALLOW_PATTERNS|*uptime|TASK_ALLOW_PATTERNS entry 1",
            "TASK_POLICY_MODE|blocklist|TASK_POLICY_MODE must be denylist or allowlist"})
    void anUnusablePolicySettingStopsTheStartNamingTheVariable(String variable, String value, String message) {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put(variable, value);
        try (ServiceProcess api = ServiceProcess.start("central_api", env)) {
            Integer exit = api.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the service stopped by itself; output: %s", api.output()).isNotNull().isNotZero();
            List<String> out = api.output();
            assertThat(out).as("output").anySatisfy(l -> assertThat(l).contains("ERROR").contains(message));
        }
    }
}
