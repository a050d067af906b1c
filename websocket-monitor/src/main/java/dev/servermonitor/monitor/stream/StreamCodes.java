package dev.servermonitor.monitor.stream;

/** Close codes of {@code /ws/monitor} beyond the standard ones (docs/api.md). */
final class StreamCodes {

    /** 1009: a client frame over {@link #MAX_CLIENT_MESSAGE} bytes. */
    static final int TOO_BIG = 1009;
    /** The client did not take messages within {@code MONITOR_CLIENT_STALL_TIMEOUT}. */
    static final int TOO_SLOW = 4008;
    /**
     * Control messages are small; anything bigger is a mistake or an attack (common's MessageLimit).
     */
    static final int MAX_CLIENT_MESSAGE = dev.servermonitor.common.socket.MessageLimit.MAX_BYTES;

    private StreamCodes() {
    }
}
