package dev.servermonitor.common.db;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

/**
 * Which objects {@link StatementDeadline} puts behind a proxy, and with which interfaces: shared by
 * the proxies at run time and {@link DeadlineProxyFeature}, which makes the same proxy classes when
 * a native executable is built (it has no others).
 */
final class DeadlineProxies {

    /** The objects through which a caller waits for the database. */
    static final List<Class<?>> WRAPPED = List.of(Pool.class, SqlConnection.class, Query.class,
            PreparedStatement.class, Transaction.class);

    private DeadlineProxies() {
    }

    /** Every interface {@code type} implements, in one fixed order: the proxy's. */
    static Class<?>[] interfacesOf(Class<?> type) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            collect(c, interfaces);
        }
        return interfaces.toArray(Class<?>[]::new);
    }

    private static void collect(Class<?> c, Set<Class<?>> into) {
        for (Class<?> i : c.getInterfaces()) {
            if (into.add(i)) {
                collect(i, into);
            }
        }
    }
}
