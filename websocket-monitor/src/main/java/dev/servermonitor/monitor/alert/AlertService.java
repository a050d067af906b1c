package dev.servermonitor.monitor.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.security.CurrentUser;

/** Reading and acknowledging alerts. */
@ApplicationScoped
public class AlertService {

    private final Pool pool;
    private final AuditWriter audit;

    public AlertService(Pool pool, AuditWriter audit) {
        this.pool = pool;
        this.audit = audit;
    }

    public Uni<AlertPage> list(AlertFilter f) {
        List<String> where = new ArrayList<>();
        Tuple t = Tuple.tuple();
        if (f.status() != null) {
            t.addString(f.status());
            where.add("status = $" + t.size());
        }
        if (f.serverId() != null) {
            t.addLong(f.serverId());
            where.add("server_id = $" + t.size());
        }
        if (f.severity() != null) {
            t.addString(f.severity());
            where.add("severity = $" + t.size());
        }
        if (f.metric() != null) {
            t.addString(f.metric());
            where.add("metric = $" + t.size());
        }
        if (f.before() != null) {
            t.addLong(f.before());
            where.add("id < $" + t.size());
        }
        String sql = "select " + AlertView.COLUMNS + " from alerts"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + " order by id desc limit "
                + (f.limit() + 1);
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            List<AlertView> items = AlertStore.views(rows);
            Long next = null;
            if (items.size() > f.limit()) {
                items.remove(f.limit());
                next = items.get(f.limit() - 1).id();
            }
            return new AlertPage(items, next);
        });
    }

    /** 404 when absent, 409 when already acknowledged; written with its audit entry. */
    public Uni<AlertView> ack(long id, CurrentUser user, RequestOrigin origin) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("select " + AlertView.COLUMNS + " from alerts where id = $1 for update")
                .execute(Tuple.of(id)).chain(rows -> {
                    AlertView current = ApiException.requireFound(
                            rows.size() == 0 ? null : AlertView.of(rows.iterator().next()), "alert", id);
                    if (current.acknowledgedAt() != null) {
                        throw new ApiException(409, "already_acknowledged",
                                "Alert " + id + " was acknowledged by " + current.acknowledgedByName());
                    }
                    return tx.preparedQuery("update alerts set acknowledged_at = now(), acknowledged_by = $2,"
                            + " acknowledged_by_name = $3 where id = $1 returning " + AlertView.COLUMNS)
                            .execute(Tuple.of(id, user.id(), user.username()))
                            .map(updated -> AlertView.of(updated.iterator().next()));
                }).call(v -> audit.append(tx, AuditEntry.of("alert.ack").by(user.id(), user.username())
                        .on("alert", id).with(Map.of("serverId", v.serverId(), "metric", v.metric(), "severity",
                                v.severity(), "status", v.status())),
                        origin)));
    }
}
