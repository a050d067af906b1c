package dev.servermonitor.monitor.history;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/servers/{id}/stats/history}: buckets of {@code stepSeconds}; {@code stepRaised}
 * when the step asked for would have given more than {@link TimeRange#MAX_POINTS} points.
 */
public record HistoryView(long serverId, Instant from, Instant to, long stepSeconds, boolean stepRaised,
        int maxPoints, List<HistoryPoint> points) {
}
