package dev.servermonitor.common.socket;

import java.lang.reflect.Method;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Why a gateway or monitor that had served any WebSocket waited the whole shutdown timeout and
 * logged ERROR "Timed out waiting for graceful shutdown": Quarkus counts every HTTP request as in
 * flight until its response ends or its connection closes ({@code GracefulShutdownFilter}), and an
 * upgraded request never reports either (Vert.x takes the connection over), so each socket ever
 * opened stays counted for the life of the process. A socket is not a request to drain: the
 * services close their sockets themselves at the start of shutdown (1001 {@code shutdown}). So an
 * upgrade request is marked done as it is handed to the WebSocket layer, through Quarkus' own
 * {@code done()}, which is not public; if a later Quarkus renames it, this logs once and does
 * nothing, and the packaged-jar shutdown tests (no ERROR, quick exit) fail to say so.
 */
final class UpgradeAccounting {

    private static final Logger LOG = Logger.getLogger(UpgradeAccounting.class);
    private static final Method DONE = find();

    private UpgradeAccounting() {
    }

    static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** The graceful-shutdown count no longer waits for this request. */
    static void release(HttpServerRequest request) {
        QuarkusRequestWrapper wrapper = QuarkusRequestWrapper.get(request);
        if (DONE == null || wrapper == null) {
            return;
        }
        try {
            DONE.invoke(wrapper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("could not release a WebSocket upgrade from graceful shutdown: %s", e.toString());
        }
    }

    private static Method find() {
        try {
            Method m = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Quarkus' request accounting changed (%s): a stop after WebSocket use may wait the whole"
                    + " shutdown timeout", e.toString());
            return null;
        }
    }
}
