package dev.servermonitor.gateway.session;

import org.jboss.logging.MDC;

import io.quarkus.websockets.next.WebSocketConnection;

import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.correlation.RequestIds;
import dev.servermonitor.common.socket.SocketRefusal;
import dev.servermonitor.common.socket.SocketTokens;

/** What a terminal upgrade asks for: the server, the terminal size, and where it came from. */
record Handshake(long serverId, int cols, int rows, RequestOrigin origin) {

    /** Largest terminal side accepted, in the URL and in resize messages. */
    static final int MAX_SIZE = 1000;

    /** Reads the upgrade; a malformed one is refused with the reason. */
    static Handshake of(WebSocketConnection ws) {
        return new Handshake(serverId(ws.pathParam("serverId")), size(ws, "cols", 80), size(ws, "rows", 24),
                origin(ws));
    }

    static boolean validSize(Integer v) {
        return v != null && v >= 1 && v <= MAX_SIZE;
    }

    private static long serverId(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw SocketRefusal.policy("unknown_server", "the server id must be a positive number");
    }

    private static int size(WebSocketConnection ws, String name, int dflt) {
        String raw = SocketTokens.queryParam(ws.handshakeRequest().query(), name);
        if (raw == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw);
            if (validSize(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw SocketRefusal.policy("bad_request", name + " must be a whole number from 1 to " + MAX_SIZE);
    }

    /**
     * The TCP peer (behind a proxy, enable quarkus.http.proxy.proxy-address-forwarding), agent, request
     * id.
     */
    private static RequestOrigin origin(WebSocketConnection ws) {
        String remote = ws.handshakeRequest().remoteAddress();
        String ip = remote;
        if (remote != null && remote.lastIndexOf(':') > 0 && remote.indexOf(':') == remote.lastIndexOf(':')) {
            ip = remote.substring(0, remote.lastIndexOf(':'));
        }
        String agent = ws.handshakeRequest().header("User-Agent");
        if (agent != null && agent.length() > 512) {
            agent = agent.substring(0, 512);
        }
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        return new RequestOrigin(ip, agent, requestId == null ? null : requestId.toString());
    }
}
