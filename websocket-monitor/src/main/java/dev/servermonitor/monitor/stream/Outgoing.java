package dev.servermonitor.monitor.stream;

/**
 * One text frame waiting for a client. {@code publishedNanos} ({@link System#nanoTime}) is when a
 * sample or status was handed to the hub, for the delivery-latency histogram; 0 for replies.
 */
record Outgoing(String json, long publishedNanos) {

    static Outgoing reply(String json) {
        return new Outgoing(json, 0);
    }
}
