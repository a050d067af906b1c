package dev.servermonitor.common.db;

import java.util.function.Function;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

/**
 * {@link Pool}'s default methods ({@code withConnection}, {@code withTransaction}) run on a bounded
 * pool: every abstract method goes to {@code pool}, {@link StatementDeadline}'s proxy, so each step
 * of the interface's own composition is bounded. Used on the JVM and natively alike:
 * {@code InvocationHandler.invokeDefault} would do the same, but native executables do not support
 * it.
 */
final class PoolDefaults implements Pool {

    private final Pool pool;

    PoolDefaults(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
        pool.getConnection(handler);
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return pool.getConnection();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return pool.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return pool.preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return pool.preparedQuery(sql, options);
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        pool.close(handler);
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }

    @Override
    public Pool connectHandler(Handler<SqlConnection> handler) {
        pool.connectHandler(handler);
        return this;
    }

    @Override
    public Pool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
        pool.connectionProvider(provider);
        return this;
    }

    @Override
    public int size() {
        return pool.size();
    }
}
