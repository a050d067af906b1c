package dev.servermonitor.monitor.processes;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/servers/{id}/processes}: the busiest processes, and how many run in all. */
public record ProcessesView(long serverId, Instant ts, String sort, int total, List<ProcessView> items) {
}
