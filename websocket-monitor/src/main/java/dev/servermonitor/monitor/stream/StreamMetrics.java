package dev.servermonitor.monitor.stream;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The live stats socket's meters (docs/operations.md). */
@ApplicationScoped
public class StreamMetrics {

    private final MeterRegistry registry;
    private final Counter conflated;
    private final Counter stalled;
    private final Timer delivery;

    public StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.conflated = Counter.builder("servermonitor_monitor_conflated_messages")
                .description("stats/status messages replaced by a newer one before a slow socket took them")
                .register(registry);
        this.stalled = Counter.builder("servermonitor_monitor_sockets_closed_stalled")
                .description("sockets closed because they stopped taking messages").register(registry);
        this.delivery = Timer.builder("servermonitor_monitor_delivery_latency")
                .description("from a sample or status reaching the hub to its frame being written to the socket")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    void sockets(Supplier<Number> open) {
        Gauge.builder("servermonitor_monitor_sockets", open).description("open live stats sockets")
                .register(registry);
    }

    void conflated() {
        conflated.increment();
    }

    void stalledClosed() {
        stalled.increment();
    }

    void delivered(long nanos) {
        delivery.record(Duration.ofNanos(nanos));
    }
}
