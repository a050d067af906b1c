package dev.servermonitor.common.audit;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.instance.ServiceInstance;

/**
 * Appends to {@code audit_logs}. Callers pass the connection of the transaction that performs the
 * action, so the action and its audit row commit together or not at all.
 */
@ApplicationScoped
public class AuditWriter {

    static final String INSERT = "insert into audit_logs"
            + " (service, user_id, username, action, target_type, target_id, ip, user_agent, request_id, meta)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private final ServiceInstance instance;

    public AuditWriter(ServiceInstance instance) {
        this.instance = instance;
    }

    /** As {@link #INSERT}, with the time the action happened rather than now. */
    static final String INSERT_AT = INSERT.replace(", meta)", ", meta, occurred_at)").replace("$10)",
            "$10, $11)");

    public Uni<Void> append(SqlClient tx, AuditEntry entry, RequestOrigin origin) {
        return tx.preparedQuery(INSERT).execute(row(entry, origin)).replaceWithVoid();
    }

    private Tuple row(AuditEntry entry, RequestOrigin origin) {
        return Tuple.tuple().addString(instance.service()).addLong(entry.userId()).addString(entry.username())
                .addString(entry.action()).addString(entry.targetType()).addString(entry.targetId())
                .addString(origin.ip()).addString(origin.userAgent()).addString(origin.requestId())
                .addJsonObject(new JsonObject(entry.meta()));
    }

    /**
     * An entry as it is kept while it waits to be appended (a column of the row it is about), in the
     * shape {@link #appendHeld} reads back, with the time of the action ({@code occurredAt}); SQL that
     * holds entries itself builds the same keys.
     */
    public static JsonObject held(AuditEntry entry, RequestOrigin origin) {
        return new JsonObject().put("action", entry.action()).put("userId", entry.userId())
                .put("username", entry.username()).put("targetType", entry.targetType())
                .put("targetId", entry.targetId()).put("meta", new JsonObject(entry.meta()))
                .put("ip", origin.ip()).put("userAgent", origin.userAgent()).put("requestId", origin.requestId())
                .put("occurredAt", java.time.Instant.now().toString());
    }

    /** Appends an entry kept by {@link #held}. */
    public Uni<Void> appendHeld(SqlClient tx, JsonObject held) {
        JsonObject meta = held.getJsonObject("meta", new JsonObject());
        AuditEntry entry = new AuditEntry(held.getLong("userId"), held.getString("username"), held.getString("action"),
                held.getString("targetType"), held.getString("targetId"), meta.getMap());
        RequestOrigin origin = new RequestOrigin(held.getString("ip"), held.getString("userAgent"),
                held.getString("requestId"));
        String at = held.getString("occurredAt");
        if (at == null) {
            return append(tx, entry, origin);
        }
        // the entry keeps the time of the action, however late the audit trail took it
        return tx.preparedQuery(INSERT_AT).execute(row(entry, origin).addOffsetDateTime(OffsetDateTime.parse(at)))
                .replaceWithVoid();
    }
}
