package dev.servermonitor.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Why Vert.x logged "IllegalStateException: Result is already complete" on every database outage: a
 * query sent straight to the pool ({@code pool.query(..)}, {@code pool.preparedQuery(..)}) arms a
 * timer for the connection-acquisition timeout, and when acquiring fails (the database refuses or
 * drops connections) the failure completes the query's promise without cancelling that timer; the
 * timer then fails the same promise again, or the other way round (vertx-sql-client issue 1706,
 * open for 4.5.x). The caller has already been told of the failure, so the second attempt is noise:
 * it is logged at DEBUG, and every other uncaught exception still reaches Quarkus' handler.
 */
@ApplicationScoped
public class PoolTimerRace {

    private static final Logger LOG = Logger.getLogger(PoolTimerRace.class);

    void install(@Observes StartupEvent start, Vertx vertx) {
        Handler<Throwable> quarkus = vertx.exceptionHandler();
        vertx.exceptionHandler(e -> {
            if (isPoolTimerRace(e)) {
                LOG.debug("ignored a second completion of a failed pooled query (vertx-sql-client 1706)");
            } else if (quarkus != null) {
                quarkus.handle(e);
            }
        });
    }

    static boolean isPoolTimerRace(Throwable e) {
        if (!(e instanceof IllegalStateException) || !"Result is already complete".equals(e.getMessage())) {
            return false;
        }
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 4); i++) {
            if (frames[i].getClassName().startsWith("io.vertx.sqlclient.impl.pool.SqlConnectionPool")) {
                return true;
            }
        }
        return false;
    }
}
