package dev.servermonitor.api.ui;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.api.ApiConfig;

/**
 * Where browsers reach terminal-gateway and websocket-monitor: the configured public URLs, or else
 * the host the browser used, on the services' default ports.
 */
@ApplicationScoped
public class UiUrls {

    static final int GATEWAY_PORT = 9084;
    static final int MONITOR_PORT = 9085;

    private final ApiConfig.Ui config;

    @Inject
    public UiUrls(ApiConfig config) {
        this(config.ui());
    }

    UiUrls(ApiConfig.Ui config) {
        this.config = config;
    }

    public String gateway(HttpServerRequest request) {
        return config.gatewayUrl().map(UiUrls::trim).orElseGet(() -> sameHost(request, GATEWAY_PORT));
    }

    public String monitor(HttpServerRequest request) {
        return config.monitorUrl().map(UiUrls::trim).orElseGet(() -> sameHost(request, MONITOR_PORT));
    }

    /** {@code scheme://host[:port]} of a URL, and its WebSocket twin, for a CSP's connect-src. */
    static String origins(String url) {
        URI u = URI.create(url);
        String hostPort = u.getRawAuthority();
        String ws = "https".equalsIgnoreCase(u.getScheme()) ? "wss" : "ws";
        return u.getScheme() + "://" + hostPort + " " + ws + "://" + hostPort;
    }

    private static String sameHost(HttpServerRequest request, int port) {
        String scheme = "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")) ? "https" : request.scheme();
        String host = request.authority() == null ? "localhost" : request.authority().host();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
