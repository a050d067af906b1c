package dev.servermonitor.common.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import dev.servermonitor.common.config.CommonConfig;
import dev.servermonitor.common.db.DatabaseOutage;
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
    private volatile boolean lastBeatOk;
    /** When a beat last failed ({@code System.nanoTime()}), or null while none has. */
    private volatile Long lastFailure;

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
            beatQuietly();
            timer = vertx.setPeriodic(interval.toMillis(), id -> beatQuietly());
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Whether this instance may judge others gone by their rows now. After its own beats failed (the
     * database was away), every row is stale, the live instances' too: only once its own beats have
     * gone through for {@link #staleAfter()} since have the live ones had the time to beat again.
     */
    public boolean mayReconcile() {
        Long failed = lastFailure;
        return lastBeatOk && (failed == null || System.nanoTime() - failed >= staleAfter().toNanos());
    }

    /** Writes the heartbeat now; completes when it is written (fails if it could not be). */
    public Uni<Void> beat() {
        return heartbeat.check().replaceWithVoid().invoke(() -> lastBeatOk = true).onFailure().invoke(e -> {
            lastBeatOk = false;
            lastFailure = System.nanoTime();
        });
    }

    private void beatQuietly() {
        beat().subscribe().with(ok -> {
        }, e -> outage.retrying(LOG, e, "Instance heartbeat failed"));
    }
}
