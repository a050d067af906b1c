package dev.servermonitor.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class QueryMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyExecutionIsTimedByNameAndOutcomeAndOnlySlowOnesAreCounted() {
        // a threshold far above what recording itself can take on a busy machine
        QueryMetrics metrics = new QueryMetrics(registry, 10_000);
        metrics.record("select servers", System.nanoTime(), null, true);
        metrics.record("select servers", System.nanoTime() - TimeUnit.SECONDS.toNanos(12), null, true);
        metrics.record("insert audit_logs", System.nanoTime(), new StatementDeadline.DeadlineExceeded(4500), true);
        metrics.record("insert audit_logs", System.nanoTime(), new IllegalStateException("constraint"), true);

        assertThat(registry.find(QueryMetrics.QUERY_SECONDS).tags("query", "select servers", "outcome", "ok").timer()
                .count()).isEqualTo(2);
        assertThat(registry.find(QueryMetrics.QUERY_SECONDS).tags("query", "insert audit_logs", "outcome",
                "unavailable").timer().count()).isEqualTo(1);
        assertThat(registry.find(QueryMetrics.QUERY_SECONDS).tags("query", "insert audit_logs", "outcome", "failed")
                .timer().count()).isEqualTo(1);
        assertThat(registry.find(QueryMetrics.SLOW_QUERIES).tag("query", "select servers").counter().count())
                .isEqualTo(1);
        assertThat(registry.find(QueryMetrics.SLOW_QUERIES).tag("query", "insert audit_logs").counter()).isNull();
    }
}
