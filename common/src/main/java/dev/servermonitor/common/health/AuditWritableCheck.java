package dev.servermonitor.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.logging.Causes;

/**
 * This service can write its audit trail: the very insert {@link AuditWriter} makes, in a
 * transaction that is rolled back, so it leaves no row (only a skipped id). Every audited action
 * fails while it cannot, so an instance that cannot is not ready; the database being merely
 * reachable and its heartbeat row writable does not say so (a revoked grant, a refusing trigger, a
 * full partition).
 */
@ApplicationScoped
public class AuditWritableCheck implements ReadinessCheck {

    private static final AuditEntry PROBE = AuditEntry.of("readiness.probe");

    private final Pool pool;
    private final AuditWriter audit;

    public AuditWritableCheck(Pool pool, AuditWriter audit) {
        this.pool = pool;
        this.audit = audit;
    }

    @Override
    public String name() {
        return "audit_writable";
    }

    @Override
    public Uni<CheckResult> check() {
        return pool.withConnection(conn -> conn.begin()
                .chain(tx -> audit.probe(conn, PROBE, RequestOrigin.SYSTEM).eventually(tx::rollback)))
                .replaceWith(CheckResult.ok("audit rows can be written")).onFailure()
                .recoverWithItem(e -> CheckResult.fail("audit rows cannot be written: " + Causes.rootMessage(e)));
    }
}
