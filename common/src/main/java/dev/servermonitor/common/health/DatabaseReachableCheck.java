package dev.servermonitor.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The database answers a query. */
@ApplicationScoped
public class DatabaseReachableCheck implements ReadinessCheck {

    private final Pool pool;

    public DatabaseReachableCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Uni<CheckResult> check() {
        return pool.query("select 1").execute().replaceWith(CheckResult.ok("reachable"));
    }
}
