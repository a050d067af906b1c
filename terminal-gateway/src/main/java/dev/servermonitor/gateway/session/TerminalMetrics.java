package dev.servermonitor.gateway.session;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The gateway's Prometheus metrics ({@code /q/metrics}), named in docs/operations.md. */
@ApplicationScoped
public class TerminalMetrics {

    private final MeterRegistry registry;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Timer openLatency;

    public TerminalMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesIn = Counter.builder("servermonitor_terminal_bytes").tag("direction", "in")
                .description("Bytes typed into terminals (browser to SSH)").register(registry);
        this.bytesOut = Counter.builder("servermonitor_terminal_bytes").tag("direction", "out")
                .description("Bytes of terminal output (SSH to browser)").register(registry);
        this.openLatency = Timer.builder("servermonitor_terminal_open_seconds")
                .description("From the token check to the connected message").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void watch(Supplier<Number> active, Supplier<Number> buffered, int max) {
        Gauge.builder("servermonitor_terminal_sessions_active", active).description("Open terminal sessions here")
                .register(registry);
        Gauge.builder("servermonitor_terminal_sessions_max", () -> max)
                .description("TERMINAL_MAX_SESSIONS: the sessions this gateway accepts at once").register(registry);
        Gauge.builder("servermonitor_terminal_output_buffered_bytes", buffered)
                .description("Output sent towards browsers and not yet written to their sockets (slow clients)")
                .register(registry);
    }

    void opened() {
        registry.counter("servermonitor_terminal_sessions_opened").increment();
    }

    void closed(String reason) {
        registry.counter("servermonitor_terminal_sessions_closed", "reason", reason).increment();
    }

    void in(int n) {
        bytesIn.increment(n);
    }

    void out(int n) {
        bytesOut.increment(n);
    }

    void openTook(long nanos) {
        openLatency.record(Duration.ofNanos(nanos));
    }
}
