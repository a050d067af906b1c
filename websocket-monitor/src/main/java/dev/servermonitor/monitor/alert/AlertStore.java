package dev.servermonitor.monitor.alert;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.db.DatabaseUnavailableException;

/**
 * Stores alert events in order, one transaction each: the {@code alerts} row changes and an
 * {@code alert_outbox} row for notification delivery is written with it. The partial unique index
 * keeps one open alert per (server, metric) even with several monitors; a second opener adopts the
 * open row instead of repeating it. While the database is away, events wait in order and are
 * retried every second.
 */
@ApplicationScoped
public class AlertStore {

    private static final Logger LOG = Logger.getLogger(AlertStore.class);

    /** How soon an event the database could not take is tried again. */
    static final long RETRY_MS = 1_000;

    private final Pool pool;
    private final Vertx vertx;
    private final DatabaseOutage outage;
    private final ConcurrentLinkedDeque<AlertEvent> queue = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile BiConsumer<String, AlertView> listener = (event, view) -> {
    };

    public AlertStore(Pool pool, Vertx vertx, DatabaseOutage outage) {
        this.pool = pool;
        this.vertx = vertx;
        this.outage = outage;
    }

    /** Told each stored change: the event (opened, escalated, resolved) and the alert after it. */
    public void onStored(BiConsumer<String, AlertView> listener) {
        this.listener = listener;
    }

    /** Queues events; they are stored one after the other, in the order given. */
    public void record(List<AlertEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        queue.addAll(events);
        drain();
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        AlertEvent e = queue.poll();
        if (e == null) {
            draining.set(false);
            if (!queue.isEmpty()) {
                drain();
            }
            return;
        }
        store(e).subscribe().with(view -> {
            if (view != null) {
                listener.accept(name(e.kind()), view);
            }
            draining.set(false);
            drain();
        }, failure -> {
            if (DatabaseUnavailableException.in(failure)) {
                // kept in front, in order: the transitions of an outage are stored when it ends, not lost
                queue.offerFirst(e);
                outage.retrying(LOG, failure, "alert events are held until the database answers");
                draining.set(false);
                vertx.setTimer(RETRY_MS, id -> drain());
                return;
            }
            LOG.warnf("alert event %s for server %d %s was not stored: %s", e.kind(), e.serverId(), e.metric(),
                    failure.getMessage());
            draining.set(false);
            drain();
        });
    }

    /** The open alerts, to carry on after a restart without repeating them. */
    public Uni<List<AlertView>> open() {
        return pool.preparedQuery("select " + AlertView.COLUMNS + " from alerts where status = 'open'").execute()
                .map(AlertStore::views);
    }

    /** Resolves a deleted server's open alerts. */
    public Uni<Void> resolveAll(long serverId) {
        return pool.withTransaction(tx -> tx.preparedQuery("update alerts set status = 'resolved', resolved_at = now()"
                + " where server_id = $1 and status = 'open' returning " + AlertView.COLUMNS)
                .execute(Tuple.of(serverId)).chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (AlertView v : views(rows)) {
                        all = all.chain(() -> outbox(tx, "resolved", v));
                    }
                    return all;
                }));
    }

    private Uni<AlertView> store(AlertEvent e) {
        String severity = e.severity().value();
        Tuple key = Tuple.of(e.serverId(), e.metric());
        return pool.withTransaction(tx -> switch (e.kind()) {
            case OPENED -> tx.preparedQuery("insert into alerts (server_id, metric, severity, value, threshold,"
                    + " opened_at) values ($1, $2, $3, $4, $5, $6) on conflict (server_id, metric)"
                    + " where status = 'open' do nothing returning " + AlertView.COLUMNS)
                    .execute(Tuple.of(e.serverId(), e.metric(), severity, e.value(), e.threshold(),
                            e.at().atOffset(ZoneOffset.UTC)))
                    .chain(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : written(tx, "opened", rows));
            case ESCALATED -> tx
                    .preparedQuery("update alerts set severity = $3, value = $4, threshold = $5 where server_id = $1"
                            + " and metric = $2 and status = 'open' and severity <> $3 returning " + AlertView.COLUMNS)
                    .execute(key.addString(severity).addDouble(e.value()).addDouble(e.threshold()))
                    .chain(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : written(tx, "escalated", rows));
            case RESOLVED -> tx
                    .preparedQuery("update alerts set status = 'resolved', resolved_at = $3, resolved_value = $4"
                            + " where server_id = $1 and metric = $2 and status = 'open' returning "
                            + AlertView.COLUMNS)
                    .execute(key.addOffsetDateTime(e.at().atOffset(ZoneOffset.UTC)).addDouble(e.value()))
                    .chain(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : written(tx, "resolved", rows));
        });
    }

    private Uni<AlertView> written(SqlClient tx, String event, RowSet<Row> rows) {
        AlertView v = AlertView.of(rows.iterator().next());
        return outbox(tx, event, v).replaceWith(v);
    }

    private static Uni<Void> outbox(SqlClient tx, String event, AlertView v) {
        JsonObject payload = new JsonObject().put("event", event).put("alert", JsonObject.mapFrom(v));
        return tx.preparedQuery("insert into alert_outbox (alert_id, event, payload) values ($1, $2, $3)")
                .execute(Tuple.of(v.id(), event, payload)).replaceWithVoid();
    }

    static List<AlertView> views(RowSet<Row> rows) {
        List<AlertView> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(AlertView.of(r)));
        return list;
    }

    private static String name(AlertEvent.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
