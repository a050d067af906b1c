package dev.servermonitor.common.db;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

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
 * <li>a running statement: PostgreSQL's {@code statement_timeout}, sent with each connection's
 * start-up parameters;
 * <li>a server that has stopped answering (its processes stopped, a dead network: TCP itself stays
 * open): the connection is closed after {@code DB_QUERY_TIMEOUT} with nothing read, which fails
 * what waited on it. Idle pooled connections are retired a second before that, so only a connection
 * with a question outstanding ever reaches the silence limit;
 * <li>opening a connection, and an idle transaction a client left behind.
 * </ul>
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

    public PoolTimeouts(CommonConfig config, DatabaseOutage outage) {
        this.config = config.database();
        this.outage = outage;
    }

    @Override
    public Pool create(Input input) {
        apply(input.poolOptions(), input.pgConnectOptionsList());
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
        return StatementDeadline.bound(pool, input.vertx(), deadline().toMillis(), outage);
    }

    /**
     * How long one answer may take on the client side: the server's own limit, plus a margin for it to
     * say so.
     */
    Duration deadline() {
        return config.queryTimeout().plus(SERVER_FIRST);
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
