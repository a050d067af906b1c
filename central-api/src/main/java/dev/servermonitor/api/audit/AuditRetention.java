package dev.servermonitor.api.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.retention.Cleanup;
import dev.servermonitor.common.retention.Cleanup.Sweep;
import dev.servermonitor.common.schema.SchemaMigrator;

/**
 * Deletes audit rows older than the retention period: at start and then every interval, in batches
 * of short statements (no long locks), one run at a time across all replicas (a Postgres advisory
 * lock).
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    static final int BATCH = 5_000;
    static final String DELETE = "delete from audit_logs where id = any(array(select id from audit_logs"
            + " where occurred_at < $1 order by id limit $2))";
    /** pg_try_advisory_lock key: the same on every replica. */
    static final long LOCK = 0x4a0d17c1ea4L;

    private final Cleanup cleanup;
    private final ApiConfig.Audit config;
    private final SchemaMigrator schema;

    public AuditRetention(Pool pool, AuditWriter audit, ApiConfig config, SchemaMigrator schema) {
        this.config = config.audit();
        this.schema = schema;
        this.cleanup = new Cleanup(pool, audit, "audit.cleanup", LOCK, List.of(new Sweep("auditLogs",
                "AUDIT_RETENTION_DAYS", Duration.ofDays(this.config.retentionDays()), BATCH, DELETE)));
    }

    /** Built at start, so a bad {@code AUDIT_RETENTION_DAYS} stops the service naming it. */
    void validate(@Observes StartupEvent event) {
        cleanup.sweeps();
    }

    @Scheduled(identity = "audit-retention", every = "{audit-retention.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.cleanupEnabled() || !schema.migrated()) {
            return Uni.createFrom().voidItem();
        }
        return run().onFailure().invoke(e -> LOG.warnf("Audit cleanup failed; next try in %d h: %s",
                config.cleanupIntervalHours(), e.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Rows deleted, or -1 when another replica holds the cleanup lock. */
    public Uni<Long> run() {
        return cleanup.run(Instant.now()).map(done -> done.map(removed -> removed.get("auditLogs")).orElse(-1L));
    }
}
