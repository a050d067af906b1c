package dev.servermonitor.common.audit;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final MeterRegistry registry;
    private final Counter failures;

    public AuditWriter(ServiceInstance instance, MeterRegistry registry) {
        this.instance = instance;
        this.registry = registry;
        this.failures = Counter.builder("servermonitor.audit.write.failures")
                .description("Audit rows whose insert failed (the action they record failed with them or was held)")
                .register(registry);
    }

    /** As {@link #INSERT}, with the time the action happened rather than now. */
    static final String INSERT_AT = INSERT.replace(", meta)", ", meta, occurred_at)").replace("$10)",
            "$10, $11)");

    public Uni<Void> append(SqlClient tx, AuditEntry entry, RequestOrigin origin) {
        return counted(entry.action(), tx.preparedQuery(INSERT).execute(row(entry, origin)));
    }

    /**
     * As {@link #append}, uncounted: for the readiness check's probe row, which is rolled back and is
     * no audited action (counted, every probe would swamp the audit metrics).
     */
    public Uni<Void> probe(SqlClient tx, AuditEntry entry, RequestOrigin origin) {
        return tx.preparedQuery(INSERT).execute(row(entry, origin)).replaceWithVoid();
    }

    /**
     * Counts the insert by action ({@code servermonitor_audit_rows_written_total{action}}, a bounded
     * set: actions are names in the code) or as a failure. A row counted here can still go with its
     * transaction if a later statement of it fails.
     */
    private Uni<Void> counted(String action, Uni<?> insert) {
        return insert.onItem().invoke(r -> Counter.builder("servermonitor.audit.rows.written")
                .description("Audit rows inserted, by action").tag("action", action).register(registry).increment())
                .onFailure().invoke(e -> failures.increment()).replaceWithVoid();
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
        return counted(entry.action(),
                tx.preparedQuery(INSERT_AT).execute(row(entry, origin).addOffsetDateTime(OffsetDateTime.parse(at))));
    }
}
