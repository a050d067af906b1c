package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.servermonitor.api.task.policy.TaskPolicy;

/**
 * Reruns the figures in docs/performance.md (not part of the normal test run):
 * {@code ./mvnw -B -pl common,central-api test -Dbenchmarks.excluded= -Dgroups=benchmark -Dtest=TaskBenchmark}.
 */
@Tag("benchmark")
class TaskBenchmark {

    /** The slowest policy check of adversarial 10,000-character commands, after warm-up. */
    @Test
    void policyWorstCaseOnTenThousandCharacters() {
        Map<String, String> inputs = Map.of("one long word", "a".repeat(10_000), "many rm flags",
                "rm " + "-r ".repeat(3_300), "many pipes", "curl x | ".repeat(1_000), "colons", ":".repeat(10_000),
                "nested substitutions", "echo $(".repeat(1_400) + ")".repeat(1_400), "function heads",
                "x(){ ".repeat(1_600), "a list", "ls; ".repeat(2_500), "quotes", "'".repeat(10_000), "many words",
                "a b ".repeat(2_500), "journalctl options", "journalctl " + "-x ".repeat(3_300));
        TaskPolicy[] policies = {policy("denylist"), policy("allowlist")};
        for (int warm = 0; warm < 5; warm++) {
            inputs.values().forEach(in -> {
                for (TaskPolicy p : policies) {
                    p.check(in);
                }
            });
        }
        long worstNanos = 0;
        String worst = null;
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            for (TaskPolicy p : policies) {
                long t = System.nanoTime();
                p.check(e.getValue());
                long took = System.nanoTime() - t;
                if (took > worstNanos) {
                    worstNanos = took;
                    worst = e.getKey() + " (" + p.mode() + ")";
                }
            }
        }
        System.out.printf("policy: slowest check %.1f ms, %s%n", worstNanos / 1e6, worst);
    }

    /** 100 MB through one output stream: bytes counted, memory held to the cap. */
    @Test
    void hundredMegabytesThroughTheOutputCapture() {
        OutputCapture capture = new OutputCapture(65_536, true);
        byte[] chunk = new byte[32 * 1024];
        long t = System.nanoTime();
        for (int i = 0; i < 3_200; i++) {
            capture.write(chunk, 0, chunk.length);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf("output: %d bytes in %.3f s (%.0f MB/s), buffer held %d bytes%n", capture.total(), seconds,
                capture.total() / 1e6 / seconds, capture.capacity());
        assertThat(capture.capacity()).isLessThanOrEqualTo(65_536);
    }

    private static TaskPolicy policy(String mode) {
        return new TaskPolicy(mode, Optional.empty(), Optional.empty());
    }
}
