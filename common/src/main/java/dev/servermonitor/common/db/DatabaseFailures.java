package dev.servermonitor.common.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Set;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Whether a failure of the pool means "the database cannot be reached or cannot answer now" (a 503
 * the caller may retry), as opposed to a fault of the request or a bug (which stays a 4xx or a
 * 500). Only ever asked about failures that came out of the pool.
 */
final class DatabaseFailures {

    /**
     * SQLSTATEs of a server that is there but cannot serve: too many connections, shutting down,
     * starting up, and a statement cancelled by {@code statement_timeout}.
     */
    static final Set<String> UNAVAILABLE_STATES = Set.of("53300", "57P01", "57P02", "57P03", "57014");

    private DatabaseFailures() {
    }

    static boolean unavailable(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
            }
            if (e instanceof ClosedConnectionException || e instanceof ConnectException
                    || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                    || e instanceof ClosedChannelException || e instanceof StatementDeadline.DeadlineExceeded
                    || e instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (poolMessage(e.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Vert.x reports some pool failures only by message, as a stackless {@code VertxException} or
     * {@code NoStackTraceThrowable}: the connection-acquisition timeout and a connection closed under a
     * waiting command, or one handed a command after the database closed it ("Connection is not active
     * now").
     */
    private static boolean poolMessage(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.equals("timeout") || m.startsWith("timeout ") || m.contains("connection closed")
                || m.contains("connection is closed")
                || m.contains("connection is not active now, current status: closed")
                || m.contains("pool closed");
    }
}
