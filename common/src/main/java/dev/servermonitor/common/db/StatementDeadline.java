package dev.servermonitor.common.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

/**
 * The client side of the bound on database work: every answer the pool, a connection, a statement
 * or a transaction owes (a result, a connection, begin, commit) fails with a
 * {@link DeadlineExceeded} when it has not come within the deadline. PostgreSQL's own
 * {@code statement_timeout} stops slow statements on a server that still answers; this covers a
 * server that answers nothing (frozen, a dead network), where TCP stays open and Vert.x would wait
 * forever. The late answer, if one ever comes, is dropped. Streams (cursors) are not bounded here:
 * their pace is the consumer's.
 * <p>
 * Vert.x offers no statement timeout of its own (4.5), so this wraps the pool's interfaces in
 * dynamic proxies: the wrapped objects keep every interface of the real ones.
 */
final class StatementDeadline implements InvocationHandler {

    /** The failure of a call that outlived its deadline: the database did not answer in time. */
    static final class DeadlineExceeded extends TimeoutException {

        DeadlineExceeded(long millis) {
            super("the database did not answer within " + millis + " ms");
        }
    }

    /** What is wrapped: the objects through which a caller waits for the database. */
    private static final Set<Class<?>> WRAPPED = Set.of(Pool.class, SqlConnection.class, Query.class,
            PreparedStatement.class, Transaction.class);

    private final Object target;
    private final Vertx vertx;
    private final long millis;
    private final DatabaseOutage outage;

    private StatementDeadline(Object target, Vertx vertx, long millis, DatabaseOutage outage) {
        this.target = target;
        this.vertx = vertx;
        this.millis = millis;
        this.outage = outage;
    }

    /** {@code pool}, with a deadline on everything it and what it hands out answer. */
    static Pool bound(Pool pool, Vertx vertx, long millis, DatabaseOutage outage) {
        return (Pool) wrap(pool, vertx, millis, outage);
    }

    private static Object wrap(Object target, Vertx vertx, long millis, DatabaseOutage outage) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            collect(c, interfaces);
        }
        return Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces.toArray(Class<?>[]::new),
                new StatementDeadline(target, vertx, millis, outage));
    }

    private static void collect(Class<?> c, Set<Class<?>> into) {
        for (Class<?> i : c.getInterfaces()) {
            if (into.add(i)) {
                collect(i, into);
            }
        }
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
        if (method.isDefault() && (name.equals("withTransaction") || name.equals("withConnection"))) {
            // the interface's own composition of getConnection/begin/commit, so each step goes through this
            // proxy and is bounded, and the function gets a bounded connection; the whole unit is not bounded
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        boolean close = name.equals("close");
        if (!close && args != null && args.length > 0 && args[args.length - 1] instanceof Handler<?> h
                && method.getParameterTypes()[args.length - 1] == Handler.class && isAsyncResult(method)) {
            args[args.length - 1] = bounded(cast(h));
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
        if (result instanceof Future<?> f && !close) {
            return bounded(f);
        }
        if (result != null && WRAPPED.stream().anyMatch(w -> w.isInstance(result))) {
            return wrap(result, vertx, millis, outage);
        }
        return result;
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

    private Handler<AsyncResult<Object>> bounded(Handler<AsyncResult<Object>> handler) {
        AtomicBoolean done = new AtomicBoolean();
        long timer = vertx.setTimer(millis, id -> {
            if (done.compareAndSet(false, true)) {
                handler.handle(Future.failedFuture(new DatabaseUnavailableException(new DeadlineExceeded(millis))));
            }
        });
        return ar -> {
            if (done.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                handler.handle(wrapResult(ar));
            }
        };
    }

    private <T> Future<T> bounded(Future<T> future) {
        Promise<T> promise = Promise.promise();
        long timer = vertx.setTimer(millis,
                id -> promise.tryFail(new DatabaseUnavailableException(new DeadlineExceeded(millis))));
        future.onComplete(ar -> {
            vertx.cancelTimer(timer);
            AsyncResult<T> result = wrapResult(ar);
            if (result.succeeded()) {
                promise.tryComplete(result.result());
            } else {
                promise.tryFail(result.cause());
            }
        });
        return promise.future();
    }

    /** A connection, statement or transaction handed out is bounded too. */
    @SuppressWarnings("unchecked")
    private <T> AsyncResult<T> wrapResult(AsyncResult<T> ar) {
        if (ar.succeeded()) {
            outage.answered();
        } else if (DatabaseFailures.unavailable(ar.cause()) && !(ar.cause() instanceof DatabaseUnavailableException)) {
            return Future.failedFuture(new DatabaseUnavailableException(ar.cause()));
        }
        if (ar.succeeded() && ar.result() != null && WRAPPED.stream().anyMatch(w -> w.isInstance(ar.result()))) {
            return Future.succeededFuture((T) wrap(ar.result(), vertx, millis, outage));
        }
        return ar;
    }
}
