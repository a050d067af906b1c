package dev.servermonitor.common.db;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import dev.servermonitor.common.config.CommonConfig;

/**
 * Bounds every piece of database work of the service's one reactive pool, so that no request hangs
 * on a database that is frozen, gone or overloaded (Quarkus exposes none of these as properties):
 * <ul>
 * <li>waiting for a connection: {@code DB_ACQUIRE_TIMEOUT} (Vert.x waits 30 s by default);
 * <li>a running statement: PostgreSQL's {@code statement_timeout} ({@code DB_QUERY_TIMEOUT}), sent
 * with each connection's start-up parameters;
 * <li>a server that answers nothing at all (its processes stopped, a dead network; TCP itself stays
 * open): {@link StatementDeadline} fails each call the database has not answered half a second
 * after that (plus the acquisition time for a call made on the pool itself);
 * <li>opening a connection, and a transaction its client left idle (streams that hold a cursor lift
 * that limit for their own transaction).
 * </ul>
 * A request therefore waits at most about {@code DB_ACQUIRE_TIMEOUT + DB_QUERY_TIMEOUT + 0.5 s} for
 * one statement (4.5 s by default). A connection whose answer never came stays with its command
 * until the database answers or TCP gives up; the pool then refuses further requests after
 * {@code DB_ACQUIRE_TIMEOUT}, which is the point: 503 at once instead of a queue.
 */
@Singleton
public class PoolTimeouts implements PgPoolCreator {

    /**
     * The client waits this much longer than {@code statement_timeout}, so that a server that still
     * answers cancels a slow statement itself (a clear SQLSTATE 57014) before the client gives up.
     */
    static final Duration SERVER_FIRST = Duration.ofMillis(500);

    private final CommonConfig.Database config;
    private final DatabaseOutage outage;
    private final QueryMetrics metrics;

    public PoolTimeouts(CommonConfig config, DatabaseOutage outage, MeterRegistry registry) {
        this.config = config.database();
        this.outage = outage;
        this.metrics = new QueryMetrics(registry, this.config.slowQueryMs());
    }

    @Override
    public Pool create(Input input) {
        apply(input.poolOptions(), input.pgConnectOptionsList());
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
        Duration statement = config.queryTimeout().plus(SERVER_FIRST);
        return StatementDeadline.bound(pool, input.vertx(), statement.plus(config.acquireTimeout()).toMillis(),
                statement.toMillis(), outage, metrics);
    }

    void apply(PoolOptions pool, List<PgConnectOptions> connections) {
        pool.setConnectionTimeout((int) Math.max(1, config.acquireTimeout().toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        for (PgConnectOptions c : connections) {
            c.addProperty("statement_timeout", Long.toString(config.queryTimeout().toMillis()));
            c.addProperty("idle_in_transaction_session_timeout",
                    Long.toString(config.idleInTransactionTimeout().toMillis()));
            c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.queryTimeout().toMillis()));
        }
    }
}
