package dev.servermonitor.common.audit;

import org.jboss.logging.MDC;

import io.vertx.core.http.HttpServerRequest;

import dev.servermonitor.common.correlation.RequestIds;

/** Where a request came from, as the audit log records it. */
public record RequestOrigin(String ip, String userAgent, String requestId) {

    static final int MAX_USER_AGENT = 512;

    /** For work no request started (start-up, schedulers). */
    public static final RequestOrigin SYSTEM = new RequestOrigin(null, null, null);

    /**
     * The client address is the TCP peer; behind a proxy enable
     * {@code quarkus.http.proxy.proxy-address-forwarding} so it is the forwarded one.
     */
    public static RequestOrigin of(HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        return new RequestOrigin(ip, agent, requestId == null ? null : requestId.toString());
    }
}
