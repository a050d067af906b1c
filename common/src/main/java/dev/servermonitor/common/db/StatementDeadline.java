package dev.servermonitor.common.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.SqlConnection;

/**
 * The client side of the bound on database work: every answer the pool, a connection, a statement
 * or a transaction owes (a result, a connection, begin or commit) fails with a
 * {@link DatabaseUnavailableException} when it has not come within its deadline. PostgreSQL's own
 * {@code statement_timeout} stops slow statements on a server that still answers; this covers a
 * server that answers nothing (frozen, a dead network), where TCP stays open and Vert.x would wait
 * forever. A call made on the pool itself may first wait for a connection, so its deadline is
 * longer by the acquisition timeout. The late answer, if one ever comes, is dropped (a connection
 * that arrives late is closed).
 * <p>
 * Not bounded in time (but their failures are told the same way): streams (cursors), whose pace is
 * the consumer's; {@code executeBatch}, whose length is the batch's (the monitor's sample writer,
 * off every request path); {@code close} and {@code completion}, which wait for the end of a
 * connection or transaction by design.
 * <p>
 * Vert.x offers no statement timeout of its own (4.5), so this wraps the pool's interfaces in
 * dynamic proxies: the wrapped objects keep every interface of the real ones. The same proxies time
 * each statement's execution by its name ({@link QueryMetrics}).
 */
final class StatementDeadline implements InvocationHandler {

    /** The failure of a call that outlived its deadline: the database did not answer in time. */
    static final class DeadlineExceeded extends TimeoutException {

        DeadlineExceeded(long millis) {
            super("the database did not answer within " + millis + " ms");
        }
    }

    private static final Set<String> UNBOUNDED = Set.of("close", "completion", "executeBatch");

    /** The calls that hand out a statement, and the calls that run it (and are timed). */
    private static final Set<String> STATEMENTS = Set.of("query", "preparedQuery");
    private static final Set<String> EXECUTE = Set.of("execute", "executeBatch");

    private final Object target;
    private final Vertx vertx;
    /** This object's answers. */
    private final long millis;
    /** The answers of a connection handed out by it. */
    private final long statementMillis;
    private final DatabaseOutage outage;
    private final QueryMetrics metrics;
    /** The name of the statement this object executes ({@link QueryNames}); null if it is none. */
    private final String query;

    private StatementDeadline(Object target, Vertx vertx, long millis, long statementMillis, DatabaseOutage outage,
            QueryMetrics metrics, String query) {
        this.target = target;
        this.vertx = vertx;
        this.millis = millis;
        this.statementMillis = statementMillis;
        this.outage = outage;
        this.metrics = metrics;
        this.query = query;
    }

    /**
     * {@code pool}, with a deadline on everything it and what it hands out answer: {@code poolMillis}
     * for calls on the pool (they include waiting for a connection), {@code statementMillis} for calls
     * on a connection.
     */
    static Pool bound(Pool pool, Vertx vertx, long poolMillis, long statementMillis, DatabaseOutage outage,
            QueryMetrics metrics) {
        return (Pool) new StatementDeadline(pool, vertx, poolMillis, statementMillis, outage, metrics, null)
                .wrap(pool, poolMillis, null);
    }

    /** {@code target} behind a proxy like this one, with its own deadline and statement name. */
    private Object wrap(Object target, long millis, String query) {
        return Proxy.newProxyInstance(target.getClass().getClassLoader(),
                DeadlineProxies.interfacesOf(target.getClass()),
                new StatementDeadline(target, vertx, millis, statementMillis, outage, metrics, query));
    }

    /** What {@code o} becomes when handed out: a connection gets the statement deadline. */
    private Object wrapOut(Object o) {
        return wrap(o, o instanceof SqlConnection ? statementMillis : millis, null);
    }

    private static boolean wrapped(Object o) {
        return o != null && DeadlineProxies.WRAPPED.stream().anyMatch(w -> w.isInstance(o));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> method.invoke(target, args);
            };
        }
        if (method.isDefault() && proxy instanceof Pool pool
                && (name.equals("withTransaction") || name.equals("withConnection"))) {
            // the interface's own composition of getConnection/begin/commit, so each step goes through this
            // proxy and is bounded, and the function gets a bounded connection; the whole unit is not bounded
            try {
                return method.invoke(new PoolDefaults(pool), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
        // unbounded calls still say "unavailable" the same way; they only wait as long as they take
        long deadline = UNBOUNDED.contains(name) ? 0 : millis;
        Timing timing = query != null && EXECUTE.contains(name)
                ? new Timing(query, System.nanoTime(), !name.equals("executeBatch"))
                : null;
        if (args != null && args.length > 0 && args[args.length - 1] instanceof Handler<?> h
                && method.getParameterTypes()[args.length - 1] == Handler.class && isAsyncResult(method)) {
            args[args.length - 1] = bounded(cast(h), deadline, timing);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result == target) {
            return proxy;
        }
        if (result instanceof Future<?> f) {
            return bounded(f, deadline, timing);
        }
        if (result instanceof Query<?> q) {
            // a statement keeps its name through mapping(…) and collecting(…)
            boolean fresh = STATEMENTS.contains(name) && args != null && args[0] instanceof String;
            return wrap(q, millis, fresh ? metrics.name((String) args[0]) : query);
        }
        return wrapped(result) ? wrapOut(result) : result;
    }

    /**
     * One execution being timed: the statement's name, when it was sent, and whether
     * {@code DB_SLOW_QUERY_MS} applies (a batch takes as long as it is long).
     */
    private record Timing(String query, long startNanos, boolean judged) {
    }

    private void timed(Timing timing, Throwable failure) {
        if (timing != null) {
            metrics.record(timing.query(), timing.startNanos(), failure, timing.judged());
        }
    }

    /**
     * A callback-style method's last parameter is {@code Handler<AsyncResult<…>>}, not an event
     * handler.
     */
    private static boolean isAsyncResult(Method method) {
        var types = method.getGenericParameterTypes();
        return types[types.length - 1].getTypeName().startsWith(Handler.class.getName() + "<"
                + AsyncResult.class.getName());
    }

    @SuppressWarnings("unchecked")
    private static Handler<AsyncResult<Object>> cast(Handler<?> h) {
        return (Handler<AsyncResult<Object>>) h;
    }

    /** {@code handler}, failed after {@code deadline} ms unless answered first (0: no deadline). */
    private Handler<AsyncResult<Object>> bounded(Handler<AsyncResult<Object>> handler, long deadline, Timing timing) {
        AtomicBoolean done = new AtomicBoolean();
        long timer = deadline <= 0 ? -1 : vertx.setTimer(deadline, id -> {
            if (done.compareAndSet(false, true)) {
                DatabaseUnavailableException late = new DatabaseUnavailableException(new DeadlineExceeded(deadline));
                timed(timing, late);
                handler.handle(Future.failedFuture(late));
            }
        });
        return ar -> {
            if (done.compareAndSet(false, true)) {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                timed(timing, ar.cause());
                handler.handle(outcome(ar));
            } else {
                closeLate(ar);
            }
        };
    }

    private <T> Future<T> bounded(Future<T> future, long deadline, Timing timing) {
        Promise<T> promise = Promise.promise();
        // the first of answer and deadline decides; it is timed before the caller hears of it
        AtomicBoolean done = new AtomicBoolean();
        long timer = deadline <= 0 ? -1 : vertx.setTimer(deadline, id -> {
            if (done.compareAndSet(false, true)) {
                DatabaseUnavailableException late = new DatabaseUnavailableException(new DeadlineExceeded(deadline));
                timed(timing, late);
                promise.fail(late);
            }
        });
        future.onComplete(ar -> {
            if (!done.compareAndSet(false, true)) {
                closeLate(ar);
                return;
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            timed(timing, ar.cause());
            AsyncResult<T> result = outcome(ar);
            if (result.succeeded()) {
                promise.complete(result.result());
            } else {
                promise.fail(result.cause());
            }
        });
        return promise.future();
    }

    /** A connection that arrives after its caller was told the database did not answer goes back. */
    private static void closeLate(AsyncResult<?> ar) {
        if (ar.succeeded() && ar.result() instanceof SqlConnection late) {
            late.close();
        }
    }

    /**
     * An answer came: the outage (if any) is over, and what was handed out is bounded too; a failure
     * that means the database is unavailable says so as {@link DatabaseUnavailableException}.
     */
    @SuppressWarnings("unchecked")
    private <T> AsyncResult<T> outcome(AsyncResult<T> ar) {
        if (ar.succeeded()) {
            outage.answered();
            return wrapped(ar.result()) ? Future.succeededFuture((T) wrapOut(ar.result())) : ar;
        }
        if (DatabaseFailures.unavailable(ar.cause()) && !(ar.cause() instanceof DatabaseUnavailableException)) {
            return Future.failedFuture(new DatabaseUnavailableException(ar.cause()));
        }
        return ar;
    }
}
