package dev.servermonitor.api.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.api.ApiConfig;
import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
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
    /** pg_try_advisory_lock key: the same on every replica. */
    static final long LOCK = 0x4a0d17c1ea4L;

    private final Pool pool;
    private final AuditWriter audit;
    private final ApiConfig.Audit config;
    private final SchemaMigrator schema;

    public AuditRetention(Pool pool, AuditWriter audit, ApiConfig config, SchemaMigrator schema) {
        this.pool = pool;
        this.audit = audit;
        this.config = config.audit();
        this.schema = schema;
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
        return pool.withConnection(conn -> conn.preparedQuery("select pg_try_advisory_lock($1)").execute(Tuple.of(LOCK))
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? deleteAll(conn).call(n -> record(n)).eventually(() -> unlock(conn))
                        : Uni.createFrom().item(-1L)));
    }

    private Uni<Long> deleteAll(SqlConnection conn) {
        String sql = "delete from audit_logs where id in (select id from audit_logs"
                + " where occurred_at < now() - make_interval(days => $1) order by id limit " + BATCH + ")";
        return Multi.createBy().repeating()
                .uni(() -> conn.preparedQuery(sql).execute(Tuple.of(config.retentionDays())).map(r -> r.rowCount()))
                .whilst(n -> n == BATCH).collect().with(java.util.stream.Collectors.summingLong(Integer::longValue));
    }

    private Uni<Void> record(long deleted) {
        LOG.infof("Audit cleanup deleted %d row(s) older than %d days", deleted, config.retentionDays());
        return pool.withTransaction(tx -> audit.append(tx, AuditEntry.of("audit.cleanup")
                .with(Map.of("deleted", deleted, "retentionDays", config.retentionDays())), RequestOrigin.SYSTEM));
    }

    private Uni<Void> unlock(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(LOCK)).replaceWithVoid();
    }
}
