package dev.servermonitor.gateway.session;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.instance.ServiceInstance;
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

    private final Pool pool;
    private final AuditWriter audit;
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

    /** Ends an active row (a row already ended is left as it is) and writes its audit entry with it. */
    public Uni<Void> close(UUID id, String status, String reason, long bytesIn, long bytesOut, AuditEntry entry,
            RequestOrigin origin) {
        return pool.withTransaction(tx -> tx
                .preparedQuery(
                        "update terminal_sessions set status = $2, close_reason = $3, bytes_in = $4, bytes_out = $5,"
                                + " ended_at = now() where id = $1 and status = 'active'")
                .execute(Tuple.of(id, status, reason, bytesIn, bytesOut))
                .chain(rows -> entry == null || rows.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : audit.append(tx, entry, origin)));
    }

    public Uni<Void> appendChunk(UUID id, int seq, String data) {
        return pool.preparedQuery("insert into terminal_recording_chunks (session_id, seq, data) values ($1, $2, $3)")
                .execute(Tuple.of(id, seq, data)).replaceWithVoid();
    }

    /**
     * Rows left {@code active} by a gateway that is gone (no heartbeat for {@code staleAfter}, or never
     * registered) become {@code interrupted}, each with its {@code terminal.interrupted} audit entry in
     * the same transaction; this instance's own rows are never touched here.
     */
    public Uni<Integer> interruptOrphans(Duration staleAfter) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("update terminal_sessions t set status = 'interrupted', close_reason = 'gateway_gone',"
                        + " ended_at = now() where t.status = 'active' and t.owner_instance <> $1 and not exists"
                        + " (select 1 from service_instances si where si.instance_id = t.owner_instance"
                        + " and si.last_seen_at > now() - make_interval(secs => $2))"
                        + " returning t.id, t.user_id, t.username, t.server_id, t.owner_instance")
                .execute(Tuple.of(instance.id(), (double) staleAfter.toSeconds()))
                .chain(rows -> Multi.createFrom().iterable(rows).onItem()
                        .transformToUniAndConcatenate(r -> audit.append(tx, AuditEntry.of("terminal.interrupted")
                                .by(r.getLong("user_id"), r.getString("username")).on("server", r.getLong("server_id"))
                                .with(Map.of("sessionId", r.getUUID("id").toString(), "reason", "gateway_gone",
                                        "ownerInstance", r.getString("owner_instance"))),
                                RequestOrigin.SYSTEM))
                        .collect().asList().map(done -> rows.rowCount())));
    }

    /**
     * At shutdown, whatever of this instance's rows is still active (a last resort after the
     * per-session closes).
     */
    public Uni<Integer> interruptOwn() {
        return pool.preparedQuery("update terminal_sessions set status = 'interrupted', close_reason = 'shutdown',"
                + " ended_at = now() where status = 'active' and owner_instance = $1").execute(Tuple.of(instance.id()))
                .map(rows -> rows.rowCount());
    }
}
