package dev.servermonitor.monitor.alert;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** An alert as the API and the socket show it. */
public record AlertView(long id, long serverId, String metric, String severity, String status, double value,
        double threshold, Instant openedAt, Instant resolvedAt, Double resolvedValue, Instant acknowledgedAt,
        Long acknowledgedBy, String acknowledgedByName) {

    static final String COLUMNS = "id, server_id, metric, severity, status, value, threshold, opened_at, resolved_at,"
            + " resolved_value, acknowledged_at, acknowledged_by, acknowledged_by_name";

    static AlertView of(Row r) {
        return new AlertView(r.getLong("id"), r.getLong("server_id"), r.getString("metric"), r.getString("severity"),
                r.getString("status"), r.getDouble("value"), r.getDouble("threshold"), at(r, "opened_at"),
                at(r, "resolved_at"), r.getDouble("resolved_value"), at(r, "acknowledged_at"),
                r.getLong("acknowledged_by"), r.getString("acknowledged_by_name"));
    }

    private static Instant at(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
