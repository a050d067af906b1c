package dev.servermonitor.gateway.session;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.health.InstanceHeartbeat;
import dev.servermonitor.common.schema.SchemaMigrated;
import dev.servermonitor.gateway.GatewayConfig;

/**
 * The timers behind the terminals: limits and recording every second, the users' access every
 * {@code TERMINAL_ACCESS_RECHECK_INTERVAL}, and at every heartbeat interval the clean-up of
 * sessions whose gateway is gone (its heartbeat, written by {@link InstanceHeartbeat}, three beats
 * late: 30 s by default).
 */
@ApplicationScoped
public class SessionUpkeep {

    private static final Logger LOG = Logger.getLogger(SessionUpkeep.class);

    private final TerminalSessions sessions;
    private final SessionStore store;
    private final InstanceHeartbeat beats;
    private final Vertx vertx;
    private final DatabaseOutage outage;
    private final Duration recheck;
    private long[] timers = new long[0];
    private volatile boolean retrying;

    public SessionUpkeep(TerminalSessions sessions, SessionStore store, Vertx vertx,
            GatewayConfig config, DatabaseOutage outage, InstanceHeartbeat beats) {
        this.beats = beats;
        this.outage = outage;
        this.sessions = sessions;
        this.store = store;
        this.vertx = vertx;
        this.recheck = config.terminal().accessRecheckInterval();
        if (recheck.compareTo(Duration.ofSeconds(1)) < 0 || recheck.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalStateException("TERMINAL_ACCESS_RECHECK_INTERVAL must be from 1s to 60s (a disabled user's"
                    + " terminal must close within 60 s), not " + recheck);
        }
    }

    void onStart(@Observes StartupEvent event) {
        timers = new long[]{vertx.setPeriodic(1000, id -> everySecond()),
                vertx.setPeriodic(recheck.toMillis(), id -> sessions.recheckAccess()),
                vertx.setPeriodic(beats.interval().toMillis(), id -> sweepOrphans())};
    }

    /**
     * At start, once the schema exists: this instance's heartbeat first, then other gateways' orphans.
     */
    void onSchemaReady(@Observes SchemaMigrated migrated) {
        beats.beat().subscribe().with(ok -> sweepOrphans(), e -> outage.retrying(LOG, e, "Terminal heartbeat failed"));
    }

    private void everySecond() {
        sessions.sweep();
        if (store.unwrittenCount() > 0 && !retrying) {
            retrying = true;
            store.retryUnwritten().subscribe().with(n -> {
                retrying = false;
                if (n > 0) {
                    LOG.infof("Ended %d terminal session row(s) that could not be written when the session ended", n);
                }
            }, e -> retrying = false);
        }
    }

    /**
     * Audit entries that wait with their rows go in (whichever gateway ended them); then, unless just
     * after an outage (every row is stale then, the live gateways' too), other gateways' orphans end.
     */
    private void sweepOrphans() {
        Uni<Integer> orphans = beats.mayReconcile()
                ? store.interruptOrphans(beats.staleAfter()).invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Marked %d terminal session(s) of gateways that are gone as interrupted", n);
                    }
                })
                : Uni.createFrom().item(0);
        orphans.chain(store::writeHeldAudit).subscribe().with(n -> {
        }, e -> outage.retrying(LOG, e, "Ending the sessions of gateways that are gone, or writing their audit"
                + " entries, failed"));
    }

    void onStop(@Observes ShutdownEvent event) {
        for (long t : timers) {
            vertx.cancelTimer(t);
        }
    }
}
