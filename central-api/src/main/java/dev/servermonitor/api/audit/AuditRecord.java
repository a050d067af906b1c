package dev.servermonitor.api.audit;

import java.time.OffsetDateTime;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** One audit row as the API and the exports show it. */
public record AuditRecord(long id, OffsetDateTime timestamp, String service, Long userId, String username,
        String action, String targetType, String targetId, String ip, String userAgent, String requestId,
        Object meta) {

    static final String COLUMNS = "id, occurred_at, service, user_id, username, action, target_type, target_id, ip,"
            + " user_agent, request_id, meta";

    /** A meta larger than this (as JSON text) is replaced by a marker in exports. */
    static final int META_EXPORT_LIMIT = 1000;

    static AuditRecord from(Row r) {
        Object meta = r.getValue("meta");
        return new AuditRecord(r.getLong("id"), r.getOffsetDateTime("occurred_at"), r.getString("service"),
                r.getLong("user_id"), r.getString("username"), r.getString("action"), r.getString("target_type"),
                r.getString("target_id"), r.getString("ip"), r.getString("user_agent"), r.getString("request_id"),
                meta instanceof JsonObject json ? json.getMap() : meta);
    }

    /** For exports: meta over 1000 characters becomes {"_truncated":true,"_size":N}. */
    AuditRecord forExport(String metaJson) {
        if (metaJson.length() <= META_EXPORT_LIMIT) {
            return this;
        }
        return new AuditRecord(id, timestamp, service, userId, username, action, targetType, targetId, ip, userAgent,
                requestId, java.util.Map.of("_truncated", true, "_size", metaJson.length()));
    }
}
