package dev.servermonitor.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged service starts, becomes ready, logs JSON on stdout and stops cleanly within 8 s of
 * SIGTERM.
 */
public abstract class ServiceLifecycleContractIT {

    protected abstract String serviceName();

    @Test
    void startsReadyLogsJsonAndStopsWithinEightSecondsOfSigterm() {
        Map<String, String> env = new HashMap<>(ServiceProcess.validSecrets());
        env.put("ENVIRONMENT", "production");
        try (ServiceProcess service = ServiceProcess.start(serviceName(), env)) {
            service.awaitReady(Duration.ofSeconds(60));

            long sent = System.nanoTime();
            service.terminate();
            Integer exit = service.awaitExit(Duration.ofSeconds(8));
            long tookMs = (System.nanoTime() - sent) / 1_000_000;

            assertThat(exit).as("exited within 8 s of SIGTERM (took %d ms)", tookMs).isNotNull();
            // 143 = 128 + SIGTERM, the JVM's status after its shutdown hooks ran; the log line proves Quarkus'
            // orderly shutdown (open requests drained, resources closed) completed rather than a kill
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(service.output()).anySatisfy(l -> assertThat(l).contains("stopped in"));
            assertThat(service.output()).isNotEmpty().allSatisfy(line -> {
                JsonNode json = ServiceLog.parse(line);
                assertThat(json.path("service").asText()).isEqualTo(serviceName());
                assertThat(json.path("timestamp").asText()).endsWith("Z");
                assertThat(json.has("level")).isTrue();
                assertThat(json.has("message")).isTrue();
            });
        }
    }
}
