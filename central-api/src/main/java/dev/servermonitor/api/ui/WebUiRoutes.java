package dev.servermonitor.api.ui;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * The web UI is one page: a browser asking for a deep link ({@code /servers/7}) gets
 * {@code index.html}, whose script routes it. Anything under {@code /api}, {@code /q},
 * {@code /internal} and {@code /ws}, and any file the build produced, is left alone. Pages get a
 * CSP of their own: scripts and styles only from this origin, sockets and fetches also to the
 * gateway and the monitor.
 */
@ApplicationScoped
public class WebUiRoutes {

    private static final Set<String> NOT_PAGES = Set.of("/api", "/q", "/internal", "/ws");

    private final UiUrls urls;

    public WebUiRoutes(UiUrls urls) {
        this.urls = urls;
    }

    void register(@Observes Filters filters) {
        // after request correlation, before the static handler
        filters.register(this::handle, 4_000);
    }

    private void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean page = "GET".equals(rc.request().method().name()) && !notPage(path) && !path.contains(".")
                && accepts(rc, "text/html");
        if (page || "/".equals(path) || "/index.html".equals(path)) {
            String policy = csp(urls.gateway(rc.request()), urls.monitor(rc.request()));
            rc.addHeadersEndHandler(v -> rc.response().headers().set("Content-Security-Policy", policy));
            if (page && !"/".equals(path)) {
                rc.reroute("/index.html");
                return;
            }
        }
        rc.next();
    }

    private static boolean notPage(String path) {
        return NOT_PAGES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    private static boolean accepts(RoutingContext rc, String type) {
        String accept = rc.request().getHeader("Accept");
        return accept == null || accept.contains(type) || accept.contains("*/*");
    }

    /**
     * Scripts only from here; fetches and sockets also to the gateway and the monitor. The session
     * player (asciinema-player) runs its terminal emulator as WebAssembly, which the browser only
     * compiles with {@code 'wasm-unsafe-eval'}: without it a replay shows a black screen. It allows
     * WebAssembly compilation only, not JavaScript {@code eval}.
     */
    static String csp(String gatewayUrl, String monitorUrl) {
        return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " connect-src 'self' " + UiUrls.origins(gatewayUrl) + " " + UiUrls.origins(monitorUrl) + ";"
                + " font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }
}
