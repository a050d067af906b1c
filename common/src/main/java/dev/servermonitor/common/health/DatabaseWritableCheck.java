package dev.servermonitor.common.health;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.servermonitor.common.instance.ServiceInstance;

/**
 * A real, committed write: this instance's row in {@code service_instances}. It catches a read-only
 * replica, a full disk or a revoked grant, and doubles as a registry of live instances.
 */
@ApplicationScoped
public class DatabaseWritableCheck implements ReadinessCheck {

    static final String HEARTBEAT = "insert into service_instances (instance_id, service, started_at, last_seen_at)"
            + " values ($1, $2, $3, now())"
            + " on conflict (instance_id) do update set last_seen_at = excluded.last_seen_at";

    private final Pool pool;
    private final ServiceInstance instance;

    public DatabaseWritableCheck(Pool pool, ServiceInstance instance) {
        this.pool = pool;
        this.instance = instance;
    }

    @Override
    public String name() {
        return "database_writable";
    }

    @Override
    public Uni<CheckResult> check() {
        Tuple row = Tuple.of(instance.id(), instance.service(),
                OffsetDateTime.ofInstant(instance.startedAt(), ZoneOffset.UTC));
        return pool.preparedQuery(HEARTBEAT).execute(row).replaceWith(CheckResult.ok("heartbeat written"));
    }
}
