package dev.servermonitor.common.correlation;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs first on every HTTP request and WebSocket upgrade: settles the request id (MDC, response
 * header) and writes one access-log line when the response ends.
 */
@ApplicationScoped
public class RequestCorrelation {

    /** Ahead of authentication (5000) and everything else. */
    static final int PRIORITY = 20_000;

    private static final Logger ACCESS = Logger.getLogger("access");
    /** Probes and scrapes log under their own category so operators can quiet them separately. */
    private static final Logger PROBE = Logger.getLogger("access.probe");
    private static final Set<String> PROBE_PATHS = Set.of("/api/health", "/api/ready", "/q/health",
            "/q/health/live", "/q/health/ready", "/q/metrics");
    /** Where Quarkus REST leaves the matched {@code @Path} template (see its ObservabilityHandler). */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        String id = RequestIds.resolve(rc.request().getHeader(RequestIds.HEADER));
        rc.put(RequestIds.MDC_KEY, id);
        MDC.put(RequestIds.MDC_KEY, id);
        rc.response().putHeader(RequestIds.HEADER, id);
        long started = System.nanoTime();
        rc.addEndHandler(done -> logCompleted(rc, id, started));
        rc.next();
    }

    private void logCompleted(RoutingContext rc, String id, long started) {
        String path = rc.normalizedPath();
        String route = route(rc, path);
        int status = rc.response().getStatusCode();
        String method = rc.request().method().name();
        String latencyMs = hundredths(System.nanoTime() - started);
        MDC.put(RequestIds.MDC_KEY, id);
        MDC.put("method", method);
        MDC.put("route", route);
        MDC.put("status", Integer.toString(status));
        MDC.put("latency_ms", latencyMs);
        try {
            // built here, not from a printf format: formatting one cost more than the rest of the line
            (PROBE_PATHS.contains(path) ? PROBE : ACCESS)
                    .info(method + ' ' + route + ' ' + status + ' ' + latencyMs + "ms");
        } finally {
            MDC.remove("method");
            MDC.remove("route");
            MDC.remove("status");
            MDC.remove("latency_ms");
        }
    }

    /** Nanoseconds as milliseconds with two decimals, rounded: {@code 1234567} → {@code 1.23}. */
    static String hundredths(long nanos) {
        long h = Math.round(nanos / 10_000.0);
        long part = h % 100;
        return (h / 100) + (part < 10 ? ".0" : ".") + part;
    }

    /** The route template ({@code /api/servers/{id}}) where one matched; never a query string. */
    private static String route(RoutingContext rc, String path) {
        if (rc.request() instanceof HttpServerRequestInternal internal) {
            Object template = internal.context().getLocal(URL_PATH_TEMPLATE);
            if (template != null) {
                // {id: [0-9]+} → {id}: the regex is how the route matches, not part of its name
                return RouteTemplates.normalise(template.toString());
            }
        }
        // not a REST resource (metrics, health UI, an unknown path): the path itself, still without the query
        return path;
    }
}
