package dev.servermonitor.monitor.collect;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.servermonitor.common.shutdown.ShuttingDown;
import dev.servermonitor.monitor.history.SampleWriter;
import dev.servermonitor.monitor.stream.Hub;

/**
 * SIGTERM: polling stops, every socket is told {@code shutdown} and closed with 1001, and the
 * samples still buffered are written — at the start of shutdown ({@link ShuttingDown}), before the
 * HTTP server waits for in-flight requests (each open WebSocket counts as one), well inside the 8 s
 * budget.
 */
@ApplicationScoped
public class MonitorLifecycle {

    private static final Logger LOG = Logger.getLogger(MonitorLifecycle.class);
    static final Duration FLUSH_WITHIN = Duration.ofSeconds(3);

    private final Fleet fleet;
    private final Hub hub;
    private final SampleWriter writer;

    public MonitorLifecycle(Fleet fleet, Hub hub, SampleWriter writer) {
        this.fleet = fleet;
        this.hub = hub;
        this.writer = writer;
    }

    void stop(@Observes ShuttingDown event) {
        fleet.stop();
        hub.closeAll();
        int pending = writer.pending();
        try {
            writer.flush().await().atMost(FLUSH_WITHIN);
            LOG.infof("shutdown: polling stopped, sockets closed, %d buffered samples written", pending);
        } catch (RuntimeException e) {
            LOG.warnf("shutdown: %d buffered samples may not have been written: %s", writer.pending(),
                    e.getMessage());
        }
    }
}
