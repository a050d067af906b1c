package dev.servermonitor.monitor.history;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/servers/{id}/stats/breakdown}: per-core and per-mount buckets, stepped like the
 * history.
 */
public record BreakdownView(long serverId, Instant from, Instant to, long stepSeconds, boolean stepRaised,
        List<BreakdownPoint> points) {
}
