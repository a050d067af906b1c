package dev.servermonitor.monitor.alert;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.retention.Cleanup;
import dev.servermonitor.common.retention.Cleanup.Sweep;
import dev.servermonitor.monitor.MonitorConfig;

/**
 * What websocket-monitor removes when it has outlived its retention (audited as
 * {@code db.cleanup}): outbox rows of delivered notifications, and resolved alerts (with whatever
 * outbox rows they still have). Open alerts and undelivered notifications of open alerts are never
 * touched.
 */
public class AlertCleanup {

    /** pg_try_advisory_lock key of the monitor's cleanup: the same on every replica. */
    static final long LOCK = 0x4a0d17c1ea7L;
    static final int BATCH = 1_000;

    static final String DELIVERED_OUTBOX = "delete from alert_outbox where id = any(array(select id from alert_outbox"
            + " where delivered_at < $1 limit $2))";
    static final String RESOLVED_ALERTS = "delete from alerts where id = any(array(select id from alerts"
            + " where status = 'resolved' and resolved_at < $1 limit $2))";

    @Produces
    @Singleton
    Cleanup cleanup(Pool pool, AuditWriter audit, MonitorConfig config) {
        MonitorConfig.Alerts alerts = config.alerts();
        return new Cleanup(pool, audit, "db.cleanup", LOCK, List.of(
                new Sweep("deliveredOutbox", "ALERT_OUTBOX_RETENTION_DAYS",
                        Duration.ofDays(alerts.outboxRetentionDays()), BATCH, DELIVERED_OUTBOX),
                new Sweep("resolvedAlerts", "ALERT_RETENTION_DAYS", Duration.ofDays(alerts.retentionDays()), BATCH,
                        RESOLVED_ALERTS)));
    }
}
