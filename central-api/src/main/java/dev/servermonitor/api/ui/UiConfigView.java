package dev.servermonitor.api.ui;

/**
 * {@code GET /api/config}: where the browser finds terminal-gateway and websocket-monitor (public
 * base URLs, {@code http(s)://host[:port][/path]}, no trailing slash). The socket URLs follow from
 * them ({@code ws(s)://…/ws/terminal/{id}}, {@code …/ws/monitor}).
 */
public record UiConfigView(String gatewayUrl, String monitorUrl) {
}
