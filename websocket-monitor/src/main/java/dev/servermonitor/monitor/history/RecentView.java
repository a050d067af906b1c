package dev.servermonitor.monitor.history;

import java.util.List;

/**
 * {@code GET /api/stats/recent}: each server's CPU and memory over the last minutes, in 10-second
 * buckets, for the fleet view's sparklines. A point is {@code [epochSeconds, cpu, memory]}, cpu
 * null where no sample in the bucket had one.
 */
public record RecentView(int minutes, List<Server> servers) {

    public record Server(long serverId, List<Double[]> points) {
    }
}
