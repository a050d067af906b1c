package dev.servermonitor.monitor.collect;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.monitor.MonitorConfig;
import dev.servermonitor.monitor.alert.AlertEvaluator;
import dev.servermonitor.monitor.alert.AlertRule;
import dev.servermonitor.monitor.alert.AlertStore;
import dev.servermonitor.monitor.alert.AlertView;
import dev.servermonitor.monitor.alert.Severity;
import dev.servermonitor.monitor.history.SampleWriter;
import dev.servermonitor.monitor.sample.Sample;
import dev.servermonitor.monitor.stream.Hub;
import dev.servermonitor.monitor.stream.Messages;

/**
 * Where every poll's outcome goes: a sample is streamed, buffered for storage and judged against
 * the alert rules; a status transition is written to {@code servers} and streamed.
 */
@ApplicationScoped
public class Collector implements ServerPoller.Listener {

    private static final Logger LOG = Logger.getLogger(Collector.class);

    /** {@code {"type":"alert","event":…,"alert":{…}}}. */
    record AlertMessage(String type, String event, AlertView alert) {
    }

    private final Hub hub;
    private final SampleWriter writer;
    private final FleetStore store;
    private final AlertStore alerts;
    private final AlertEvaluator evaluator;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final Pool pool;
    private final AuditWriter audit;
    private final HostGauges gauges;

    public Collector(Hub hub, SampleWriter writer, FleetStore store, AlertStore alerts, Messages messages,
            MonitorConfig config, Pool pool, AuditWriter audit, HostGauges gauges) {
        this.gauges = gauges;
        this.pool = pool;
        this.audit = audit;
        this.hub = hub;
        this.writer = writer;
        this.store = store;
        this.alerts = alerts;
        this.evaluator = new AlertEvaluator(AlertRule.DEFAULTS, config.alerts().forPolls());
        alerts.onStored((event, view) -> hub.alert(view.serverId(),
                messages.write(new AlertMessage("alert", event, view))));
    }

    @Override
    public void sample(Sample sample) {
        hub.stats(sample);
        gauges.sample(sample);
        writer.add(sample);
        alerts.record(evaluator.evaluate(sample));
    }

    @Override
    public void status(long serverId, String status, String error) {
        hub.status(serverId, status, error, Instant.now());
        gauges.status(serverId, status);
        store.status(serverId, status).subscribe().with(v -> {
        }, e -> LOG.warnf("server %d is %s, but the servers table could not be told: %s", serverId, status,
                e.getMessage()));
        if ("offline".equals(status)) {
            LOG.infof("server %d is offline: %s", serverId, error);
            if (error != null && error.startsWith("host_key_mismatch")) {
                // once per transition, not per poll: the poller keeps failing until someone looks
                pool.withTransaction(tx -> audit.append(tx, AuditEntry.of("monitor.host_key_mismatch")
                        .on("server", serverId).with(Map.of("error", error)), RequestOrigin.SYSTEM))
                        .subscribe().with(v -> {
                        }, e -> LOG.warnf("host key mismatch of server %d not audited: %s", serverId,
                                e.getMessage()));
            }
        }
    }

    /** Polling of a server starts or stops on this instance. */
    void polling(long serverId, boolean on) {
        gauges.polling(serverId, on);
    }

    /** A row of the server table, polled or not. */
    void known(FleetStore.ServerRow row) {
        known.add(row.id());
        gauges.named(row.id(), row.name());
        hub.known(row.id(), row.name(), row.status(), row.lastSeen());
    }

    /**
     * Servers gone from the table: their watchers are told, their alerts resolved, their samples
     * removed.
     */
    void retainOnly(Set<Long> present) {
        for (Long id : Set.copyOf(known)) {
            if (!present.contains(id)) {
                known.remove(id);
                hub.removed(id);
                gauges.removed(id);
                evaluator.forget(id);
                alerts.resolveAll(id).chain(() -> writer.forget(id)).subscribe().with(v -> {
                }, e -> LOG.warnf("the records of deleted server %d were not cleared: %s", id, e.getMessage()));
            }
        }
    }

    /** Open alerts from the database, so a restart neither repeats nor loses them. */
    Uni<Void> restore() {
        return alerts.open().invoke(open -> open.forEach(a -> evaluator.restoreOpen(a.serverId(), a.metric(),
                Severity.valueOf(a.severity().toUpperCase(Locale.ROOT))))).replaceWithVoid();
    }
}
