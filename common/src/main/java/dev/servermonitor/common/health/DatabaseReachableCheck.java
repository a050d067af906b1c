package dev.servermonitor.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.common.logging.Causes;

/** The database answers a query; a failure names the target so the reason is actionable. */
@ApplicationScoped
public class DatabaseReachableCheck implements ReadinessCheck {

    private final Pool pool;
    private final String target;

    public DatabaseReachableCheck(Pool pool, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url) {
        this.pool = pool;
        this.target = withoutCredentials(url);
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Uni<CheckResult> check() {
        return pool.query("select 1").execute().replaceWith(CheckResult.ok("reachable at " + target)).onFailure()
                .recoverWithItem(e -> CheckResult.fail(Causes.rootMessage(e) + " (" + target + ")"));
    }

    /** {@code postgresql://user:pw@host:5432/db?x=y} → {@code host:5432/db}. */
    static String withoutCredentials(String url) {
        String rest = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        rest = rest.contains("@") ? rest.substring(rest.lastIndexOf('@') + 1) : rest;
        return rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
    }
}
