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

    /** The outcome label, by index: what {@link #record} picks from. */
    private static final String[] OUTCOMES = {"ok", "failed", "unavailable"};
    /** Names kept by statement text; the same strings come back all the time, and they are few. */
    private static final int NAMES_MAX = 2_000;

    private final MeterRegistry registry;
    private final long slowNanos;
    private final long slowMillis;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    /** Per statement name, its timer for each outcome, registered on first use. */
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> slow = new ConcurrentHashMap<>();

    QueryMetrics(MeterRegistry registry, long slowMillis) {
        this.registry = registry;
        this.slowMillis = slowMillis;
        this.slowNanos = slowMillis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : slowMillis * 1_000_000;
    }

    /** The name {@code sql} is measured under ({@link QueryNames}). */
    String name(String sql) {
        String known = names.get(sql);
        if (known != null) {
            return known;
        }
        String name = QueryNames.derive(sql);
        if (names.size() < NAMES_MAX) {
            names.put(sql, name);
        }
        return name;
    }

    /**
     * Records one execution of {@code query} that started at {@code startNanos}; {@code judged} false
     * keeps it out of the slow statements (a batch).
     */
    void record(String query, long startNanos, Throwable failure, boolean judged) {
        long took = System.nanoTime() - startNanos;
        int outcome = failure == null ? 0 : DatabaseFailures.unavailable(failure) ? 2 : 1;
        Timer[] byOutcome = timers.computeIfAbsent(query, k -> new Timer[OUTCOMES.length]);
        Timer timer = byOutcome[outcome];
        if (timer == null) {
            // a race registers the same meter twice: Micrometer hands back the one it has
            timer = Timer.builder(QUERY_SECONDS).description("Database statements by name and outcome")
                    .tag("query", query).tag("outcome", OUTCOMES[outcome]).serviceLevelObjectives(BUCKETS)
                    .register(registry);
            byOutcome[outcome] = timer;
        }
        timer.record(took, TimeUnit.NANOSECONDS);
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
