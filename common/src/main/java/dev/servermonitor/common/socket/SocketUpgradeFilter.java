package dev.servermonitor.common.socket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes a WebSocket upgrade's {@code Authorization} and {@code Origin} headers (any path under
 * {@code /ws/}) out of the way of Quarkus' HTTP authentication and CORS, which would answer a bad
 * token with 401 and a foreign origin with 403 before the handshake. {@link SocketTokens} and
 * {@link AllowedOrigins} judge both instead, after the handshake, so the browser learns why (an
 * {@code error} message and close 1008), which a failed upgrade cannot tell it.
 */
@ApplicationScoped
public class SocketUpgradeFilter {

    static final String PATH = "/ws/";
    public static final String AUTHORIZATION = "X-Socket-Authorization";
    public static final String ORIGIN = "X-Socket-Origin";
    /** Above CORS and authentication, below request correlation and the security headers. */
    static final int PRIORITY = 5_000;
    private static final Logger LOG = Logger.getLogger(SocketUpgradeFilter.class);
    private static volatile boolean warned;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        if (rc.normalizedPath().startsWith(PATH)) {
            var headers = rc.request().headers();
            // a client's own X-Socket-* headers never count: only what arrived as the real ones
            headers.remove(AUTHORIZATION);
            headers.remove(ORIGIN);
            move(headers, "Authorization", AUTHORIZATION);
            move(headers, "Origin", ORIGIN);
            if (UpgradeAccounting.isUpgrade(rc.request())) {
                UpgradeAccounting.release(rc.request());
                limitMessages(rc);
            }
        }
        rc.next();
    }

    /**
     * {@link MessageLimit} on the connection about to become a socket, in front of Vert.x's handler.
     */
    private static void limitMessages(RoutingContext rc) {
        if (!(rc.request().connection() instanceof ConnectionBase connection)
                || !MessageLimit.install(connection.channel().pipeline())) {
            if (!warned) {
                warned = true;
                LOG.warn("Vert.x's connection pipeline changed: a socket message over the transport's limit"
                        + " drops the connection instead of closing with 1009");
            }
        }
    }

    private static void move(MultiMap headers, String from, String to) {
        String value = headers.get(from);
        if (value != null) {
            headers.remove(from);
            headers.set(to, value);
        }
    }
}
