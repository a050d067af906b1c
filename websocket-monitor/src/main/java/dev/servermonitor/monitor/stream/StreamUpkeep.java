package dev.servermonitor.monitor.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.Vertx;

import dev.servermonitor.common.socket.SocketAccess;
import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.monitor.MonitorConfig;

/**
 * The sockets' timers: stalled clients closed every second; every user with an open socket checked
 * again every {@code MONITOR_ACCESS_RECHECK_INTERVAL}, so a disabled, deleted or signed-out user
 * (or one whose role no longer lets them watch) loses the stream within a minute.
 */
@ApplicationScoped
public class StreamUpkeep {

    private static final Logger LOG = Logger.getLogger(StreamUpkeep.class);

    private final Vertx vertx;
    private final Hub hub;
    private final SocketAccess access;
    private final Messages messages;
    private final Duration recheck;
    private long stallTimer = -1;
    private long recheckTimer = -1;

    public StreamUpkeep(Vertx vertx, Hub hub, SocketAccess access, Messages messages, MonitorConfig config) {
        this.vertx = vertx;
        this.hub = hub;
        this.access = access;
        this.messages = messages;
        this.recheck = config.stream().accessRecheckInterval();
        if (recheck.compareTo(Duration.ofSeconds(1)) < 0 || recheck.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(
                    "MONITOR_ACCESS_RECHECK_INTERVAL must be between 1s and 60s, not " + recheck);
        }
    }

    void start(@Observes StartupEvent event) {
        stallTimer = vertx.setPeriodic(1_000, id -> hub.closeStalled());
        recheckTimer = vertx.setPeriodic(recheck.toMillis(), id -> recheckAll());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(stallTimer);
        vertx.cancelTimer(recheckTimer);
    }

    void recheckAll() {
        for (Map.Entry<String, List<MonitorClient>> e : hub.byToken().entrySet()) {
            List<MonitorClient> sockets = e.getValue();
            access.recheck(sockets.get(0).grant().jwt()).subscribe().with(user -> {
            }, failure -> {
                if (failure instanceof SocketRefusal r) {
                    String json = messages.error(r.code(), r.getMessage());
                    sockets.forEach(c -> c.closeAfter(json, new CloseReason(r.closeCode(), r.code())));
                } else {
                    // the database being away is no reason to drop anyone; the next round decides
                    LOG.debugf("access recheck of user %s deferred: %s", sockets.get(0).grant().user().id(),
                            failure.toString());
                }
            });
        }
    }
}
