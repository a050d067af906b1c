package dev.servermonitor.common.db;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * How long each named statement ({@link QueryNames}) took, as the Prometheus histogram
 * {@code servermonitor_db_query_seconds{query,outcome}}, and a WARN line plus
 * {@code servermonitor_db_slow_queries_total{query}} for one slower than {@code DB_SLOW_QUERY_MS}.
 * The line names the statement and its duration, never its parameters.
 */
final class QueryMetrics {

    private static final Logger LOG = Logger.getLogger(QueryMetrics.class);

    static final String QUERY_SECONDS = "servermonitor.db.query";
    static final String SLOW_QUERIES = "servermonitor.db.slow.queries";
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    /** For plain tests: nothing exported, nothing slow. */
    static final QueryMetrics NONE = new QueryMetrics(new SimpleMeterRegistry(), Long.MAX_VALUE);

    private final MeterRegistry registry;
    private final long slowNanos;
    private final long slowMillis;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> slow = new ConcurrentHashMap<>();

    QueryMetrics(MeterRegistry registry, long slowMillis) {
        this.registry = registry;
        this.slowMillis = slowMillis;
        this.slowNanos = slowMillis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : slowMillis * 1_000_000;
    }

    /** Records one execution of {@code query} that started at {@code startNanos}. */
    void record(String query, long startNanos, Throwable failure) {
        record(query, startNanos, failure, true);
    }

    /**
     * As {@link #record(String, long, Throwable)}; {@code judged} false keeps it out of the slow
     * statements (a batch).
     */
    void record(String query, long startNanos, Throwable failure, boolean judged) {
        long took = System.nanoTime() - startNanos;
        String outcome = failure == null ? "ok" : DatabaseFailures.unavailable(failure) ? "unavailable" : "failed";
        timers.computeIfAbsent(query + '\n' + outcome,
                k -> Timer.builder(QUERY_SECONDS).description("Database statements by name and outcome")
                        .tag("query", query).tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record(took, TimeUnit.NANOSECONDS);
        if (judged && took > slowNanos) {
            slow.computeIfAbsent(query,
                    k -> Counter.builder(SLOW_QUERIES)
                            .description("Statements slower than DB_SLOW_QUERY_MS, by name").tag("query", query)
                            .register(registry))
                    .increment();
            long ms = TimeUnit.NANOSECONDS.toMillis(took);
            // fields of their own for log search; the request's own (request_id, user_id) stay on the line
            MDC.put("query", query);
            MDC.put("duration_ms", ms);
            try {
                LOG.warnf("Slow database query \"%s\": %d ms (DB_SLOW_QUERY_MS=%d)", query, ms, slowMillis);
            } finally {
                MDC.remove("query");
                MDC.remove("duration_ms");
            }
        }
    }
}
