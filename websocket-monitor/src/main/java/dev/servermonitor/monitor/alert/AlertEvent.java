package dev.servermonitor.monitor.alert;

import java.time.Instant;

/**
 * An alert opening, changing severity or resolving, for one (server, metric) — e.g. metric
 * {@code disk:/data}. {@code value} is the sample's, {@code threshold} the level it crossed.
 */
public record AlertEvent(Kind kind, long serverId, String metric, Severity severity, double value, double threshold,
        Instant at) {

    public enum Kind {
        OPENED,
        ESCALATED,
        RESOLVED
    }
}
