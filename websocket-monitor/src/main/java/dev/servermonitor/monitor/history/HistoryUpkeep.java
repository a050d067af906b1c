package dev.servermonitor.monitor.history;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.schema.SchemaMigrated;
import dev.servermonitor.monitor.MonitorConfig;

/**
 * The history's timers: buffered samples flushed every {@code MONITOR_FLUSH_INTERVAL}; samples
 * older than {@code MONITOR_RETENTION_DAYS} deleted every {@code MONITOR_RETENTION_INTERVAL}, in
 * slices so no statement holds locks for long.
 */
@ApplicationScoped
public class HistoryUpkeep {

    private static final Logger LOG = Logger.getLogger(HistoryUpkeep.class);
    static final int DELETE_SLICE = 10_000;

    private final Vertx vertx;
    private final Pool pool;
    private final SampleWriter writer;
    private final MonitorConfig.History config;
    private long flushTimer = -1;
    private long retentionTimer = -1;

    public HistoryUpkeep(Vertx vertx, Pool pool, SampleWriter writer, MonitorConfig config) {
        this.vertx = vertx;
        this.pool = pool;
        this.writer = writer;
        this.config = config.history();
        if (this.config.retentionDays() < 1) {
            throw new IllegalArgumentException(
                    "MONITOR_RETENTION_DAYS must be at least 1, not " + this.config.retentionDays());
        }
    }

    void start(@Observes SchemaMigrated migrated) {
        flushTimer = vertx.setPeriodic(config.flushInterval().toMillis(),
                id -> writer.flush().subscribe().with(v -> {
                }));
        retentionTimer = vertx.setPeriodic(1_000, config.retentionInterval().toMillis(),
                id -> enforceRetention().subscribe().with(n -> {
                    if (n > 0) {
                        LOG.infof("retention: %d samples older than %d days deleted", n, config.retentionDays());
                    }
                }, e -> LOG.warnf("retention did not run: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(retentionTimer);
    }

    /** Deletes samples older than the retention period; the count deleted. */
    public Uni<Long> enforceRetention() {
        Instant cutoff = Instant.now().minus(Duration.ofDays(config.retentionDays()));
        return deleteBefore(cutoff, 0);
    }

    private Uni<Long> deleteBefore(Instant cutoff, long sofar) {
        return pool.preparedQuery("delete from metric_samples where ctid = any(array(select ctid from metric_samples"
                + " where ts < $1 limit " + DELETE_SLICE + "))")
                .execute(Tuple.of(SampleWriter.utc(cutoff))).chain(rows -> {
                    long total = sofar + rows.rowCount();
                    return rows.rowCount() < DELETE_SLICE ? Uni.createFrom().item(total) : deleteBefore(cutoff, total);
                });
    }
}
