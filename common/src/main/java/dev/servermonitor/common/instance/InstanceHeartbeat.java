package dev.servermonitor.common.instance;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.health.DatabaseWritableCheck;
import dev.servermonitor.common.schema.SchemaMigrated;

/**
 * Every {@code servermonitor.heartbeat-interval}, this instance's {@code service_instances} row is
 * written, whether or not anything asks for readiness: other instances tell a live instance from a
 * dead one by it. An instance whose row is older than {@link #staleAfter()} (three missed beats) is
 * gone, and what it owned (terminal sessions, running tasks) is reconciled by the others.
 */
@ApplicationScoped
public class InstanceHeartbeat {

    /** Beats an instance may miss before the others treat it as gone. */
    public static final int MISSED_BEATS = 3;

    private static final Logger LOG = Logger.getLogger(InstanceHeartbeat.class);

    private final DatabaseWritableCheck heartbeat;
    private final DatabaseOutage outage;
    private final Vertx vertx;
    private final Duration interval;
    private long timer = -1;

    public InstanceHeartbeat(DatabaseWritableCheck heartbeat, DatabaseOutage outage, Vertx vertx,
            CommonConfig config) {
        this.heartbeat = heartbeat;
        this.outage = outage;
        this.vertx = vertx;
        this.interval = config.heartbeatInterval();
    }

    /** How long after its last beat an instance counts as gone. */
    public Duration staleAfter() {
        return interval.multipliedBy(MISSED_BEATS);
    }

    public Duration interval() {
        return interval;
    }

    /** Starts once the table exists, with a beat at once. */
    void onSchemaReady(@Observes SchemaMigrated migrated) {
        if (timer < 0) {
            beat();
            timer = vertx.setPeriodic(interval.toMillis(), id -> beat());
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void beat() {
        heartbeat.check().subscribe().with(ok -> {
        }, e -> outage.retrying(LOG, e, "Instance heartbeat failed"));
    }
}
