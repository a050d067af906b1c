package dev.servermonitor.common.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries. The API serves data, never pages, so its CSP forbids everything;
 * a response to a request that carried credentials is never cached.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    void register(@Observes Filters filters) {
        filters.register(this::handle, 19_000);
    }

    private void handle(RoutingContext rc) {
        boolean credentials = rc.request().getHeader("Authorization") != null
                || rc.request().getParam("access_token") != null;
        rc.addHeadersEndHandler(v -> {
            MultiMap h = rc.response().headers();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            // Swagger UI is a page with scripts and styles of its own; everything else is data
            if (!h.contains("Content-Security-Policy") && !rc.normalizedPath().startsWith("/q/swagger-ui")) {
                h.set("Content-Security-Policy", API_CSP);
            }
            if (credentials) {
                h.set("Cache-Control", "no-store");
            }
        });
        rc.next();
    }
}
