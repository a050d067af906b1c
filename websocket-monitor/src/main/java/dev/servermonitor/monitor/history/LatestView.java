package dev.servermonitor.monitor.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * {@code GET /api/servers/{id}/stats/latest}: the server's status and its newest sample (or null).
 */
public record LatestView(long serverId, String status, Instant lastSeen, @JsonRawValue String sample) {
}
