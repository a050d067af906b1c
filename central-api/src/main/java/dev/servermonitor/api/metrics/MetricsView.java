package dev.servermonitor.api.metrics;

import java.util.List;

/**
 * {@code GET /api/metrics} as JSON. Task figures count all replicas (null until first read);
 * terminal sessions and websocket clients are null until the services that own them report them.
 */
public record MetricsView(long uptimeSeconds, long requests, List<RouteStats> routes, Long tasksRunning,
        Long tasksQueued, Long terminalSessions, Long websocketClients) {

    /**
     * Per route template: count, mean, p95 (the worst of its status classes) and max, in milliseconds.
     */
    public record RouteStats(String method, String route, long count, double avgMs, double p95Ms, double maxMs) {
    }
}
