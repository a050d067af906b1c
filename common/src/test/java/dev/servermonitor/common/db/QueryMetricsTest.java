package dev.servermonitor.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class QueryMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyExecutionIsTimedByNameAndOutcomeAndOnlySlowOnesAreCounted() {
        QueryMetrics metrics = new QueryMetrics(registry, 50);
        long now = System.nanoTime();
        metrics.record("select servers", now, null);
        metrics.record("select servers", now - TimeUnit.MILLISECONDS.toNanos(80), null);
        metrics.record("insert audit_logs", now, new StatementDeadline.DeadlineExceeded(4500));
        metrics.record("insert audit_logs", now, new IllegalStateException("constraint"));

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
