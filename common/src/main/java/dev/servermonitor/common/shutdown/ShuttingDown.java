package dev.servermonitor.common.shutdown;

/**
 * Fired once, synchronously, at the very start of shutdown, by {@link ShutdownStart} alone (its
 * observers count on the once and guard nothing themselves): they close what must close before the
 * HTTP server waits for open requests. An open WebSocket is one, so a service with sockets that
 * waited for that first would hold its shutdown for the whole graceful timeout.
 */
public record ShuttingDown() {
}
