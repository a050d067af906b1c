package dev.servermonitor.gateway.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.db.DatabaseUnavailableException;
import dev.servermonitor.common.instance.ServiceInstance;
import dev.servermonitor.common.logging.Causes;
import dev.servermonitor.common.socket.SocketRefusal;

/** {@code terminal_sessions} and {@code terminal_recording_chunks}: the gateway's own tables. */
@ApplicationScoped
public class SessionStore {

    /** A server as the terminal needs to know it before asking for credentials. */
    public record ServerInfo(long id, String name, boolean hostKeyTrusted) {
    }

    /** What a session row starts with. */
    public record NewSession(UUID id, long userId, String username, long serverId, String serverName, String clientIp,
            String userAgent, int cols, int rows, boolean recording) {
    }

    /** A {@code terminal.interrupted} entry as {@link AuditWriter#held} keeps it, for row {@code t}. */
    static final String INTERRUPTED_AUDIT = "jsonb_build_object('action', 'terminal.interrupted',"
            + " 'userId', t.user_id, 'username', t.username, 'targetType', 'server', 'targetId', t.server_id::text,"
            + " 'meta', jsonb_build_object('sessionId', t.id::text, 'reason', 'gateway_gone',"
            + " 'ownerInstance', t.owner_instance), 'occurredAt', now())";
    private static final Logger LOG = Logger.getLogger(SessionStore.class);

    private final Pool pool;
    private final AuditWriter audit;
    private final Map<UUID, Ending> unwritten = new ConcurrentHashMap<>();
    private volatile boolean auditHeld;
    private final ServiceInstance instance;

    public SessionStore(Pool pool, AuditWriter audit, ServiceInstance instance) {
        this.pool = pool;
        this.audit = audit;
        this.instance = instance;
    }

    public Uni<ServerInfo> server(long id) {
        return pool
                .preparedQuery("select id, name, host_key_trusted_at is not null as trusted from servers where id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var r = it.next();
                    return new ServerInfo(r.getLong("id"), r.getString("name"), r.getBoolean("trusted"));
                });
    }

    /**
     * Inserts the {@code active} row unless the user already has {@code maxPerUser} open sessions on
     * any gateway; a per-user advisory lock keeps two concurrent opens from both taking the last slot.
     */
    public Uni<Void> open(NewSession s, int maxPerUser) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("select pg_advisory_xact_lock(hashtextextended('terminal-open:' || $1::bigint, 0))")
                .execute(Tuple.of(s.userId()))
                .chain(() -> tx
                        .preparedQuery(
                                "select count(*) as n from terminal_sessions where user_id = $1 and status = 'active'")
                        .execute(Tuple.of(s.userId())))
                .chain(rows -> {
                    long open = rows.iterator().next().getLong("n");
                    if (open >= maxPerUser) {
                        throw SocketRefusal.policy("session_limit",
                                "at most " + maxPerUser + " terminal sessions per user are open at once");
                    }
                    return tx
                            .preparedQuery(
                                    "insert into terminal_sessions (id, user_id, username, server_id, server_name,"
                                            + " client_ip, user_agent, cols, rows, owner_instance, recording)"
                                            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                            .execute(Tuple.tuple().addUUID(s.id()).addLong(s.userId()).addString(s.username())
                                    .addLong(s.serverId()).addString(s.serverName()).addString(s.clientIp())
                                    .addString(s.userAgent()).addInteger(s.cols()).addInteger(s.rows())
                                    .addString(instance.id()).addBoolean(s.recording()));
                }).replaceWithVoid());
    }

    public Uni<Void> audit(AuditEntry entry, RequestOrigin origin) {
        return pool.withTransaction(tx -> audit.append(tx, entry, origin));
    }

    /**
     * Ends an active row (a row already ended is left as it is) with the audit entry it owes, then
     * moves that entry into {@code audit_logs}. The end and the entry commit together; the move is a
     * second transaction, so a session ends when it ends even while the audit trail refuses rows, and
     * an entry the audit trail did not take stays with the row until {@link #writeHeldAudit} (every
     * beat, any gateway) gets it in. If the row itself cannot be written (the database is away), the
     * whole close is kept here and tried again by {@link #retryUnwritten} until it is: the Uni fails
     * meanwhile.
     */
    public Uni<Void> close(UUID id, String status, String reason, long bytesIn, long bytesOut, AuditEntry entry,
            RequestOrigin origin) {
        JsonObject held = entry == null ? null : AuditWriter.held(entry, origin);
        Ending ending = new Ending(id, status, reason, bytesIn, bytesOut, entry, origin);
        return pool
                .preparedQuery("update terminal_sessions set status = $2, close_reason = $3, bytes_in = $4,"
                        + " bytes_out = $5, ended_at = now(), pending_audit = $6 where id = $1 and status = 'active'")
                .execute(Tuple.from(java.util.Arrays.asList(id, status, reason, bytesIn, bytesOut, held)))
                .onFailure().invoke(e -> unwritten.put(id, ending))
                .invoke(() -> unwritten.remove(id, ending))
                .chain(rows -> rows.rowCount() == 0 || held == null
                        ? Uni.createFrom().voidItem()
                        : moveHeldAudit(id).onFailure().recoverWithItem(e -> {
                            if (!DatabaseUnavailableException.in(e)) {
                                auditRefused(e);
                            }
                            return 0;
                        }).replaceWithVoid());
    }

    /** A close whose row could not be written yet. */
    private record Ending(UUID id, String status, String reason, long bytesIn, long bytesOut, AuditEntry entry,
            RequestOrigin origin) {
    }

    /** The closes kept by {@link #close} because their row could not be written; every second. */
    Uni<Integer> retryUnwritten() {
        List<Ending> pending = List.copyOf(unwritten.values());
        return Multi.createFrom().iterable(pending).onItem()
                .transformToUniAndConcatenate(e -> close(e.id, e.status, e.reason, e.bytesIn, e.bytesOut, e.entry,
                        e.origin).replaceWith(1).onFailure().recoverWithItem(0))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    /** How many closes wait for their row to be written (readiness and tests). */
    int unwrittenCount() {
        return unwritten.size();
    }

    /**
     * Audit entries held with ended rows (by {@link #close} or a sweep) moved into {@code audit_logs},
     * a row at a time, oldest first; how many were moved. Rows another gateway is moving are skipped.
     */
    public Uni<Integer> writeHeldAudit() {
        return pool.preparedQuery("select id from terminal_sessions where pending_audit is not null"
                + " order by ended_at limit 200").execute()
                .chain(rows -> Multi.createFrom().iterable(rows).map(r -> r.getUUID("id")).onItem()
                        // one entry the audit trail refuses does not hold back those behind it
                        .transformToUniAndConcatenate(id -> moveHeldAudit(id)
                                .onFailure(e -> !DatabaseUnavailableException.in(e)).recoverWithItem(e -> {
                                    auditRefused(e);
                                    return 0;
                                }))
                        .collect()
                        .with(java.util.stream.Collectors.summingInt(Integer::intValue)))
                // refused (not unavailable): said once, tried again next beat
                .onFailure(e -> !DatabaseUnavailableException.in(e)).recoverWithItem(e -> {
                    auditRefused(e);
                    return 0;
                }).invoke(n -> {
                    if (n > 0) {
                        auditWritten();
                    }
                });
    }

    /** One row's held entry into audit_logs, the column cleared in the same transaction: 1 if moved. */
    private Uni<Integer> moveHeldAudit(UUID id) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("select pending_audit from terminal_sessions where id = $1 and pending_audit is not null"
                        + " for update skip locked")
                .execute(Tuple.of(id)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(0);
                    }
                    JsonObject held = rows.iterator().next().getJsonObject("pending_audit");
                    return audit.appendHeld(tx, held)
                            .chain(() -> tx.preparedQuery("update terminal_sessions set pending_audit = null"
                                    + " where id = $1").execute(Tuple.of(id)))
                            .replaceWith(1);
                }));
    }

    /** One WARN when terminal audit entries start waiting, one INFO when they go in again. */
    private void auditRefused(Throwable e) {
        if (!auditHeld) {
            auditHeld = true;
            LOG.warnf("Terminal audit entries cannot be written (%s): each waits with its session row and is"
                    + " written as soon as the audit trail takes it", Causes.rootMessage(e));
        }
    }

    private void auditWritten() {
        if (auditHeld) {
            auditHeld = false;
            LOG.info("Terminal audit entries are written again");
        }
    }

    public Uni<Void> appendChunk(UUID id, int seq, String data) {
        return pool.preparedQuery("insert into terminal_recording_chunks (session_id, seq, data) values ($1, $2, $3)")
                .execute(Tuple.of(id, seq, data)).replaceWithVoid();
    }

    /**
     * Rows left {@code active} by a gateway that is gone (no heartbeat for {@code staleAfter}, or never
     * registered) become {@code interrupted}, each holding its {@code terminal.interrupted} audit
     * entry, which {@link #writeHeldAudit} then moves into audit_logs; this instance's own rows are
     * never touched here.
     */
    public Uni<Integer> interruptOrphans(Duration staleAfter) {
        return pool
                .preparedQuery("update terminal_sessions t set status = 'interrupted', close_reason = 'gateway_gone',"
                        + " ended_at = now(), pending_audit = " + INTERRUPTED_AUDIT
                        + " where t.status = 'active' and t.owner_instance <> $1 and not exists"
                        + " (select 1 from service_instances si where si.instance_id = t.owner_instance"
                        + " and si.last_seen_at > now() - make_interval(secs => $2))")
                .execute(Tuple.of(instance.id(), (double) staleAfter.toSeconds())).map(rows -> rows.rowCount());
    }

    /**
     * At shutdown, whatever of this instance's rows is still active (a last resort after the
     * per-session closes).
     */
    public Uni<Integer> interruptOwn() {
        return pool.preparedQuery("update terminal_sessions t set status = 'interrupted', close_reason = 'shutdown',"
                + " ended_at = now(), pending_audit = " + INTERRUPTED_AUDIT.replace("'gateway_gone'", "'shutdown'")
                + " where t.status = 'active' and t.owner_instance = $1").execute(Tuple.of(instance.id()))
                .map(rows -> rows.rowCount());
    }
}
