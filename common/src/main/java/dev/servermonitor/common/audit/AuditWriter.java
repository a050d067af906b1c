package dev.servermonitor.common.audit;

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

    public Uni<Void> append(SqlClient tx, AuditEntry entry, RequestOrigin origin) {
        Tuple row = Tuple.tuple().addString(instance.service()).addLong(entry.userId()).addString(entry.username())
                .addString(entry.action()).addString(entry.targetType()).addString(entry.targetId())
                .addString(origin.ip()).addString(origin.userAgent()).addString(origin.requestId())
                .addJsonObject(new JsonObject(entry.meta()));
        return tx.preparedQuery(INSERT).execute(row).replaceWithVoid();
    }

    /**
     * An entry as it is kept while it waits to be appended (a column of the row it is about), in the
     * shape {@link #appendHeld} reads back; SQL that holds entries itself builds the same keys.
     */
    public static JsonObject held(AuditEntry entry, RequestOrigin origin) {
        return new JsonObject().put("action", entry.action()).put("userId", entry.userId())
                .put("username", entry.username()).put("targetType", entry.targetType())
                .put("targetId", entry.targetId()).put("meta", new JsonObject(entry.meta()))
                .put("ip", origin.ip()).put("userAgent", origin.userAgent()).put("requestId", origin.requestId());
    }

    /** Appends an entry kept by {@link #held}. */
    public Uni<Void> appendHeld(SqlClient tx, JsonObject held) {
        JsonObject meta = held.getJsonObject("meta", new JsonObject());
        AuditEntry entry = new AuditEntry(held.getLong("userId"), held.getString("username"), held.getString("action"),
                held.getString("targetType"), held.getString("targetId"), meta.getMap());
        return append(tx, entry,
                new RequestOrigin(held.getString("ip"), held.getString("userAgent"), held.getString("requestId")));
    }
}
